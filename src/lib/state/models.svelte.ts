/**
 * The model catalogue for the pickers: the copy cached in Dexie first (works offline), then the
 * relay's list when reachable, which replaces the cache.
 */
import { z } from 'zod';
import type { StudioDB } from '../db/database';
import { getMeta, setMeta } from '../db/meta.repository';
import { handleError } from '../errors';
import { relay } from '../relay/client';
import { relayFailureOf } from '../relay/errors';
import { PublicModelSchema, type PublicModel } from '../shared/schemas/catalogue';

const CACHE_KEY = 'models';
const CachedModelsSchema = z.array(PublicModelSchema);

class ModelsState {
	list = $state.raw<PublicModel[]>([]);
	isLoaded = $state(false);

	/** Loads the cached list, then refreshes it from the relay. Never throws. */
	async load(db: StudioDB): Promise<void> {
		const cached = CachedModelsSchema.safeParse(
			await getMeta(db, CACHE_KEY).catch(() => undefined)
		);
		if (cached.success && cached.data.length > 0) this.#set(cached.data);
		// Offline: the cached list it is; the layout loads again when the connection is back.
		if (typeof navigator !== 'undefined' && navigator.onLine === false) {
			this.isLoaded = true;
			return;
		}
		try {
			const fresh = await relay.generate.models.query();
			this.#set(fresh);
			await setMeta(db, CACHE_KEY, fresh);
		} catch (error) {
			if (relayFailureOf(error).code !== 'NETWORK') handleError(error, 'models');
		}
		this.isLoaded = true;
	}

	/** Forgets the list (on sign-out). */
	clear(): void {
		this.list = [];
		this.isLoaded = false;
	}

	/** A model by id, if listed. */
	find(id: string | undefined): PublicModel | undefined {
		return this.list.find((model) => model.id === id);
	}

	#set(list: PublicModel[]): void {
		this.list = list;
		this.isLoaded = true;
	}
}

/** The app's one model list. */
export const models = new ModelsState();
