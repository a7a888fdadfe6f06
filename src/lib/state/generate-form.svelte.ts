/**
 * What the person is composing on the Generate page: prompt, model, aspect ratio, count, size,
 * quality, seed, negative prompt, sources and strength, and what follows from them (what the
 * chosen model takes, cost, whether Generate may be pressed). Every parameter is sent only when
 * the model takes it, so the relay never has to refuse what the form offers.
 * A singleton, so "Use prompt" in the gallery can fill it. UI state only.
 */
import { checkNumber } from '../utils/field-check';
import { priceFor, type AspectRatio, type StrengthRange } from '../shared/schemas/catalogue';
import type { GenerationParams } from '../shared/schemas/generate';
import { models } from './models.svelte';

export const MAX_COUNT = 4;
/** What the relay accepts as a seed (GenerationParamsSchema). */
export const SEED_RULES = { min: 0, max: 2 ** 32 - 1, integer: true } as const;

class GenerateFormState {
	prompt = $state('');
	/** The chosen model id; empty or unknown means "the first listed". */
	modelId = $state('');
	/** The chosen ratio; one the model does not allow means "its first". */
	aspectRatio = $state<AspectRatio>('1:1');
	count = $state(1);
	/** Empty for a random seed. */
	seed = $state<number | null>(null);
	/** The chosen size / quality; empty (or one the model does not list) means the model's default. */
	size = $state('');
	quality = $state('');
	negativePrompt = $state('');
	/** The chosen strength; null (or off the model's range) means the model's default. */
	strength = $state<number | null>(null);

	model = $derived(models.find(this.modelId) ?? models.list[0]);
	aspectRatios = $derived<readonly AspectRatio[]>(this.model?.capabilities.aspectRatios ?? ['1:1']);
	effectiveAspectRatio = $derived(
		this.aspectRatios.includes(this.aspectRatio) ? this.aspectRatio : this.aspectRatios[0]
	);
	supportsSeed = $derived(this.model?.capabilities.seed ?? false);
	/** Why the seed cannot be sent (shown at the field), or null; only for a model that takes one. */
	seedProblem = $derived(this.supportsSeed ? checkNumber(this.seed, SEED_RULES) : null);
	sizes = $derived<readonly string[]>(this.model?.capabilities.sizes ?? []);
	qualities = $derived<readonly string[]>(this.model?.capabilities.qualities ?? []);
	effectiveSize = $derived(this.sizes.includes(this.size) ? this.size : undefined);
	effectiveQuality = $derived(this.qualities.includes(this.quality) ? this.quality : undefined);
	supportsNegativePrompt = $derived(this.model?.capabilities.negativePrompt ?? false);
	maxPromptLength = $derived(this.model?.capabilities.maxPromptLength ?? 4000);
	/** Credits one image costs with the chosen size and quality. */
	pricePerImage = $derived(
		this.model
			? priceFor(this.model, { size: this.effectiveSize, quality: this.effectiveQuality })
			: 0
	);
	cost = $derived(this.pricePerImage * this.count);
	isPromptEmpty = $derived(this.prompt.trim().length === 0);
	isPromptTooLong = $derived(this.prompt.length > this.maxPromptLength);
	/** Source images (relay blob hashes) for image-to-image, in order. */
	sourceHashes = $state<string[]>([]);
	supportsSources = $derived(
		(this.model?.capabilities.imageToImage ?? false) &&
			(this.model?.capabilities.maxSourceImages ?? 0) > 0
	);
	maxSourceImages = $derived(
		this.supportsSources ? (this.model?.capabilities.maxSourceImages ?? 0) : 0
	);
	/** The sources to send: none for a model without image-to-image, at most its maximum. */
	effectiveSourceHashes = $derived(this.sourceHashes.slice(0, this.maxSourceImages));
	/** The model's strength range when it takes one (image-to-image only). */
	strengthRange = $derived<StrengthRange | null>(
		this.supportsSources ? (this.model?.capabilities.strength ?? null) : null
	);
	/** Strength applies only with sources: the control shows, and the value is sent, only then. */
	showsStrength = $derived(this.strengthRange !== null && this.effectiveSourceHashes.length > 0);
	effectiveStrength = $derived(
		this.strengthRange ? onRange(this.strength, this.strengthRange) : undefined
	);

	/** Credits one image costs at `option` of the size (or quality) picker, the other choice kept. */
	priceWith(option: { size?: string; quality?: string }): number {
		if (!this.model) return 0;
		return priceFor(this.model, {
			size: this.effectiveSize,
			quality: this.effectiveQuality,
			...option
		});
	}

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
		if (this.sourceHashes.length > this.maxSourceImages)
			this.sourceHashes = this.sourceHashes.slice(0, this.maxSourceImages);
	}

	/** "Use as source": picks an image-to-image model if needed, then adds the image. */
	useAsSource(sha256: string): void {
		if (!this.supportsSources) {
			const capable = models.list.find(
				(m) => m.capabilities.imageToImage && m.capabilities.maxSourceImages > 0
			);
			if (capable) this.modelId = capable.id;
		}
		if (!this.addSource(sha256) && this.maxSourceImages > 0) {
			this.sourceHashes = [...this.sourceHashes.slice(0, this.maxSourceImages - 1), sha256];
		}
	}

	/** The parameters to send, limited to what the model supports. */
	params(): GenerationParams {
		const seed =
			this.supportsSeed && this.seed !== null && Number.isInteger(this.seed)
				? this.seed
				: undefined;
		const negativePrompt = this.supportsNegativePrompt ? this.negativePrompt.trim() : '';
		const strength = this.showsStrength ? this.effectiveStrength : undefined;
		return {
			aspectRatio: this.effectiveAspectRatio,
			...(this.effectiveSize === undefined ? {} : { size: this.effectiveSize }),
			...(this.effectiveQuality === undefined ? {} : { quality: this.effectiveQuality }),
			...(seed === undefined ? {} : { seed }),
			...(negativePrompt ? { negativePrompt } : {}),
			...(strength === undefined ? {} : { strength })
		};
	}

	/** Empties the form (on sign-out, so the next person on this device starts fresh). */
	reset(): void {
		Object.assign(this, {
			prompt: '',
			modelId: '',
			aspectRatio: '1:1',
			count: 1,
			seed: null,
			size: '',
			quality: '',
			negativePrompt: '',
			strength: null,
			sourceHashes: []
		});
	}

	/** Fills the form from an earlier image ("Use prompt"). */
	reuse(source: { prompt: string; model: string; params: Partial<GenerationParams> }): void {
		this.prompt = source.prompt;
		if (models.find(source.model) || models.list.length === 0) this.modelId = source.model;
		if (source.params.aspectRatio) this.aspectRatio = source.params.aspectRatio;
		this.seed = source.params.seed ?? null;
		this.size = source.params.size ?? '';
		this.quality = source.params.quality ?? '';
		this.negativePrompt = source.params.negativePrompt ?? '';
		this.strength = source.params.strength ?? null;
	}
}

/** `value` (or the range's default when it is unset or off the range) snapped to the range's step. */
export function onRange(value: number | null, range: StrengthRange): number {
	const inRange =
		value !== null && Number.isFinite(value) && value >= range.min && value <= range.max;
	const steps = Math.round(((inRange ? value : range.default) - range.min) / range.step);
	return Math.min(range.max, Number((range.min + steps * range.step).toFixed(6)));
}

/** The Generate page's one form. */
export const generateForm = new GenerateFormState();
