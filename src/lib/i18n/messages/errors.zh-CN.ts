// 错误页（src/routes/+error.svelte）的简体中文文案，并入 zh-CN.ts；键与 errors.en.ts 一一对应。
import type { errorsEn } from './errors.en';

export const errorsZhCN: Record<keyof typeof errorsEn, string> = {
	'errorPage.title': '出错了',
	'errorPage.notFound': '此页面不存在。',
	'errorPage.status': '错误 {status}',
	'errorPage.home': '返回工作室',
	'errorPage.reload': '重新加载'
};
