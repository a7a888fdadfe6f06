// 风格（样式）的简体中文文案：生成页和批量页的风格选择、最终提示词预览、收据上的已用风格；键与 styles.en.ts 一一对应。
import type { stylesEn } from './styles.en';

export const stylesZhCN: Record<keyof typeof stylesEn, string> = {
	'styles.label': '风格'
};
