// English messages of styles: the style picker on Generate and Batch, the final-prompt preview and applied styles on receipts.
export const stylesEn = {
	'styles.label': 'Styles',
	'styles.hint':
		'A style wraps your prompt where it says {prompt} (or is added after it) and adds its negative prompt. Styles stack in order: the first is innermost.',
	'styles.search': 'Search styles',
	'styles.searchPlaceholder': 'Filter by name or text',
	'styles.available': 'Available styles',
	'styles.none':
		'No styles yet. A library prompt with {prompt} in it, or tagged “style”, is a style.',
	'styles.noMatch': 'No style matches “{query}”.',
	'styles.more': '{count} more: narrow the search to see them.',
	'styles.add': 'Add style {name}',
	'styles.picked': 'Picked styles, in order',
	'styles.pickedNone': 'No style picked.',
	'styles.moveUp': 'Move {name} earlier',
	'styles.moveDown': 'Move {name} later',
	'styles.remove': 'Remove style {name}',
	'styles.clear': 'Clear styles',
	'styles.full': 'At most {max} styles at once.',
	'styles.order': '{position} of {total}',
	'styles.preview': 'Final prompt',
	'styles.previewNegative': 'Final negative prompt',
	'styles.previewLength': '{length} of {max} characters',
	'styles.noNegative':
		'This model takes no negative prompt: the styles’ negative prompts are not sent.',
	'styles.applied': 'Styles applied',
	'styles.typedPrompt': 'Typed prompt',
	'styles.batchHint':
		'Each picked style is one variant: every prompt is made once in each style (the prompt fills its {prompt}). Or stack them all into one variant below.',
	'styles.suggestKind': 'Style (adds to Styles)',
	'styles.batchMode': 'How styles combine',
	'styles.batchMode.each': 'Each style is its own variant (every prompt is made once per style)',
	'styles.batchMode.stack':
		'Stack them all (one variant, every style wrapping the prompt in order)',
	'styles.batchAxis': '{prompts} prompts × {variants} style variants → {images} images',
	'styles.templatePlaceholder':
		'{prompt} marks where a style puts a prompt, so it cannot be filled here. Save this text as a style in the library and pick it under Styles, or rename the variable.',
	'styles.restored': 'Styles picked again: {names}.'
};
