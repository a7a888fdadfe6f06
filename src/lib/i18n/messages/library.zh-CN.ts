// library 功能的简体中文文案，并入 zh-CN.ts；键与 library.en.ts 一一对应。
import type { libraryEn } from './library.en';

export const libraryZhCN: Record<keyof typeof libraryEn, string> = {};
