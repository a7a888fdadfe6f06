/**
 * What the person is composing on the Generate page: prompt, model, aspect ratio, count, seed,
 * and what follows from them (allowed ratios, cost, whether Generate may be pressed).
 * A singleton, so "Use prompt" in the gallery can fill it. UI state only.
 */
import type { AspectRatio } from '../shared/schemas/catalogue';
import type { GenerationParams } from '../shared/schemas/generate';
import { models } from './models.svelte';

export const MAX_COUNT = 4;

class GenerateFormState {
	prompt = $state('');
	/** The chosen model id; empty or unknown means "the first listed". */
	modelId = $state('');
	/** The chosen ratio; one the model does not allow means "its first". */
	aspectRatio = $state<AspectRatio>('1:1');
	count = $state(1);
	/** Empty for a random seed. */
	seed = $state<number | null>(null);

	model = $derived(models.find(this.modelId) ?? models.list[0]);
	aspectRatios = $derived<readonly AspectRatio[]>(this.model?.capabilities.aspectRatios ?? ['1:1']);
	effectiveAspectRatio = $derived(this.aspectRatios.includes(this.aspectRatio) ? this.aspectRatio : this.aspectRatios[0]);
	supportsSeed = $derived(this.model?.capabilities.seed ?? false);
	maxPromptLength = $derived(this.model?.capabilities.maxPromptLength ?? 4000);
	cost = $derived((this.model?.price ?? 0) * this.count);
	isPromptEmpty = $derived(this.prompt.trim().length === 0);
	isPromptTooLong = $derived(this.prompt.length > this.maxPromptLength);
	/** Source images (relay blob hashes) for image-to-image, in order. */
	sourceHashes = $state<string[]>([]);
	supportsSources = $derived((this.model?.capabilities.imageToImage ?? false) && (this.model?.capabilities.maxSourceImages ?? 0) > 0);
	maxSourceImages = $derived(this.supportsSources ? (this.model?.capabilities.maxSourceImages ?? 0) : 0);
	/** The sources to send: none for a model without image-to-image, at most its maximum. */
	effectiveSourceHashes = $derived(this.sourceHashes.slice(0, this.maxSourceImages));

	/** Adds a source (no duplicates); false when the model takes no more. */
	addSource(sha256: string): boolean {
		if (this.sourceHashes.includes(sha256)) return true;
		if (this.sourceHashes.length >= this.maxSourceImages) return false;
		this.sourceHashes = [...this.sourceHashes, sha256];
		return true;
	}

	removeSource(index: number): void {
		this.sourceHashes = this.sourceHashes.filter((_, i) => i !== index);
	}

	/** Drops the sources the chosen model cannot take (after a model change). */
	trimSources(): void {
		if (this.sourceHashes.length > this.maxSourceImages) this.sourceHashes = this.sourceHashes.slice(0, this.maxSourceImages);
	}

	/** "Use as source": picks an image-to-image model if needed, then adds the image. */
	useAsSource(sha256: string): void {
		if (!this.supportsSources) {
			const capable = models.list.find((m) => m.capabilities.imageToImage && m.capabilities.maxSourceImages > 0);
			if (capable) this.modelId = capable.id;
		}
		if (!this.addSource(sha256) && this.maxSourceImages > 0) {
			this.sourceHashes = [...this.sourceHashes.slice(0, this.maxSourceImages - 1), sha256];
		}
	}

	/** The parameters to send, limited to what the model supports. */
	params(): GenerationParams {
		const seed = this.supportsSeed && this.seed !== null && Number.isInteger(this.seed) ? this.seed : undefined;
		return { aspectRatio: this.effectiveAspectRatio, ...(seed === undefined ? {} : { seed }) };
	}

	/** Empties the form (on sign-out, so the next person on this device starts fresh). */
	reset(): void {
		Object.assign(this, { prompt: '', modelId: '', aspectRatio: '1:1', count: 1, seed: null, sourceHashes: [] });
	}

	/** Fills the form from an earlier image ("Use prompt"). */
	reuse(source: { prompt: string; model: string; params: Partial<GenerationParams> }): void {
		this.prompt = source.prompt;
		if (models.find(source.model) || models.list.length === 0) this.modelId = source.model;
		if (source.params.aspectRatio) this.aspectRatio = source.params.aspectRatio;
		this.seed = source.params.seed ?? null;
	}
}

/** The Generate page's one form. */
export const generateForm = new GenerateFormState();
