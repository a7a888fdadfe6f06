// queue 功能的简体中文文案，并入 zh-CN.ts；键与 queue.en.ts 一一对应。
import type { queueEn } from './queue.en';

export const queueZhCN: Record<keyof typeof queueEn, string> = {};
