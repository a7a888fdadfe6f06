// English messages of styles: the style picker on Generate and Batch, the final-prompt preview and applied styles on receipts.
export const stylesEn = {
	'styles.label': 'Styles'
};
