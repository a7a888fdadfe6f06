// providers 功能的简体中文文案，并入 zh-CN.ts；键与 providers.en.ts 一一对应。
import type { providersEn } from './providers.en';

export const providersZhCN: Record<keyof typeof providersEn, string> = {
	'providers.size': '尺寸',
	'providers.quality': '质量',
	'providers.modelDefault': '默认',
	'providers.optionPrice.one': '{option} · {count} 积分',
	'providers.optionPrice.other': '{option} · {count} 积分',
	'providers.quality.auto': '自动',
	'providers.quality.low': '低',
	'providers.quality.medium': '中',
	'providers.quality.high': '高',
	'providers.quality.standard': '标准',
	'providers.quality.hd': '高清',
	'providers.negativePrompt': '反向提示词',
	'providers.negativePromptPlaceholder': '例如：文字、水印、模糊',
	'providers.strength': '强度',
	'providers.strengthHint': '低：贴近源图；高：改动更多。',
	'providers.takePhoto': '拍照'
};
