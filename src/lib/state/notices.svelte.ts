/**
 * Conditions that stay on screen until dealt with (unlike toasts): storage full, and the
 * database being upgraded by another tab. UI state only.
 */

class NoticeState {
	/** The browser refused a write for quota; cleared when the person hides the banner. */
	storageFull = $state(false);
	/** Another tab opened a newer database version; this tab must reload. */
	reloadNeeded = $state(false);
}

/** The app's one notice state. */
export const notices = new NoticeState();
