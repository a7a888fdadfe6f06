/**
 * The admin's preset prompts (`presets.list`), read-only: the copy cached in `meta` first so they
 * show offline, then the relay's list when reachable, which replaces the cache.
 */
import { z } from 'zod';
import type { StudioDB } from '../db/database';
import { getMeta, setMeta } from '../db/meta.repository';
import { handleError } from '../errors';
import { relay } from '../relay/client';
import { relayFailureOf } from '../relay/errors';
import { PresetPromptSchema, type PresetPrompt } from '../shared/schemas/presets';

const CACHE_KEY = 'presets';
const CachedPresetsSchema = z.array(PresetPromptSchema);

class PresetsState {
	list = $state.raw<PresetPrompt[]>([]);
	isLoaded = $state(false);
	/** True while showing the cached copy because the relay could not be reached. */
	isOffline = $state(false);

	/** Loads the cached list, then refreshes it from the relay. Never throws. */
	async load(db: StudioDB): Promise<void> {
		const cached = CachedPresetsSchema.safeParse(
			await getMeta(db, CACHE_KEY).catch(() => undefined)
		);
		if (cached.success) {
			this.list = cached.data;
			this.isLoaded = true;
		}
		try {
			const fresh = await relay.presets.list.query();
			this.list = [...fresh].sort((a, b) => a.position - b.position);
			this.isOffline = false;
			await setMeta(db, CACHE_KEY, this.list);
		} catch (error) {
			if (relayFailureOf(error).code === 'NETWORK') this.isOffline = true;
			else handleError(error, 'presets');
		}
		this.isLoaded = true;
	}
}

/** The app's one preset list. */
export const presets = new PresetsState();
