/**
 * The words for a SyncView in the current language: the full sentence (accessible name, desktop
 * header, details panel) and the short count shown beside the icon on a phone.
 */
import type { SyncView } from '../state/sync-view';
import { formatNumber, t, tPlural } from './locale.svelte';

/** "Synced", "Syncing 3 changes", "Offline · 2 waiting", … */
export function syncLabel(view: SyncView): string {
	switch (view.kind) {
		case 'update':
			return t('sync.state.update');
		case 'signed-out':
			return t('sync.state.signedOut');
		case 'offline':
			return tPlural('sync.state.offline', view.pending);
		case 'refused':
			return tPlural('sync.state.refused', view.count);
		case 'first-sync':
			return t('sync.state.firstSync');
		case 'error':
			return t('sync.state.error');
		case 'syncing':
			return view.pending > 0
				? tPlural('sync.state.syncing', view.pending)
				: t('sync.state.syncingRows');
		case 'synced':
			return t('sync.state.synced');
	}
}

/** A number worth showing next to the icon on a phone, or '' when the icon says it all. */
export function syncShortCount(view: SyncView): string {
	if (view.kind === 'refused') return formatNumber(view.count);
	if (view.kind === 'first-sync')
		return view.total > 0 ? `${Math.floor((view.done / view.total) * 100)}%` : '';
	if ('pending' in view && view.pending > 0) return formatNumber(view.pending);
	return '';
}
