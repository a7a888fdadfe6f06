// English messages of the error page (src/routes/+error.svelte), spread into en.ts.
export const errorsEn = {
	'errorPage.title': 'Something went wrong',
	'errorPage.notFound': 'This page does not exist.',
	'errorPage.status': 'Error {status}',
	'errorPage.home': 'Back to the studio',
	'errorPage.reload': 'Reload'
};
