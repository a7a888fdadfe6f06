// admin 功能的简体中文文案，并入 zh-CN.ts；键与 admin.en.ts 一一对应。
import type { adminEn } from './admin.en';

export const adminZhCN: Record<keyof typeof adminEn, string> = {};
