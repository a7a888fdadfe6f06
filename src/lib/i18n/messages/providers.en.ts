// English messages of the providers feature, spread into en.ts. Keys are prefixed by their feature.
export const providersEn = {
	'providers.size': 'Size',
	'providers.quality': 'Quality',
	'providers.modelDefault': 'Default',
	'providers.optionPrice.one': '{option} · {count} credit',
	'providers.optionPrice.other': '{option} · {count} credits',
	'providers.quality.auto': 'Auto',
	'providers.quality.low': 'Low',
	'providers.quality.medium': 'Medium',
	'providers.quality.high': 'High',
	'providers.quality.standard': 'Standard',
	'providers.quality.hd': 'HD',
	'providers.negativePrompt': 'Negative prompt',
	'providers.negativePromptPlaceholder': 'e.g. text, watermark, blur',
	'providers.strength': 'Strength',
	'providers.strengthHint': 'Low stays close to the sources; high changes more.',
	'providers.takePhoto': 'Take photo'
} as const satisfies Record<string, string>;
