// providers 功能的简体中文文案，并入 zh-CN.ts；键与 providers.en.ts 一一对应。
import type { providersEn } from './providers.en';

export const providersZhCN: Record<keyof typeof providersEn, string> = {};
