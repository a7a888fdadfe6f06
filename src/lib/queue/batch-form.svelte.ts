/**
 * What the person is composing on the Batch page: kind, prompts / template / images, model and
 * parameters, styles, count and concurrency; and what follows (the prompts the batch will run, how
 * many images, the price). Styles are an axis: prompts × style variants × count. UI state only;
 * `buildItems` turns it into the items of a new job.
 */
import { uploadSource } from '../relay/uploads';
import { priceFor, type AspectRatio, type StrengthRange } from '../shared/schemas/catalogue';
import type { GenerationParams } from '../shared/schemas/generate';
import type { JobRow } from '../shared/schemas/rows';
import { onRange, SEED_RULES } from '../state/generate-form.svelte';
import { models } from '../state/models.svelte';
import { checkNumber } from '../utils/field-check';
import type { NewItem } from '../db/job.repository';
import { MAX_COUNT_PER_PROMPT, parsePromptLines, type PromptLine } from './prompt-import';
import type { SourceImage } from './source-files';
import {
	styledBatchItems,
	styledImageCount,
	styledItemsFor,
	styleVariants,
	type StyleAxisMode
} from '../styles/batch-variants';
import { StyleSelection } from '../styles/selection.svelte';
import type { TypedRequest } from '../styles/submission';
import {
	expandTemplate,
	templateVariables,
	valuesFromLines,
	type ExpansionMode,
	type TemplateProblem
} from './template';

export type BatchKind = Exclude<JobRow['kind'], 'single'>;

class BatchFormState {
	kind = $state<BatchKind>('prompts');
	name = $state('');
	modelId = $state('');
	aspectRatio = $state<AspectRatio>('1:1');
	count = $state(1);
	concurrency = $state(3);
	/** Typed prompts, one per line. */
	promptsText = $state('');
	/** Prompts from the library or an imported file (may span lines). */
	extraPrompts = $state<PromptLine[]>([]);
	template = $state('');
	/** The raw text of each variable's values, one per line. */
	valuesText = $state<Record<string, string>>({});
	mode = $state<ExpansionMode>('all');
	sources = $state.raw<SourceImage[]>([]);
	imagePrompt = $state('');
	useSidecars = $state(true);
	/** The same optional parameters as the Generate page: '' / null mean the model's default. */
	size = $state('');
	quality = $state('');
	seed = $state<number | null>(null);
	negativePrompt = $state('');
	strength = $state<number | null>(null);
	/** Picked styles; each is one variant of every prompt (`each`) or all wrap it together (`stack`). */
	readonly styles = new StyleSelection();
	styleMode = $state<StyleAxisMode>('each');

	/** Models that can do this kind of batch. */
	usableModels = $derived(
		models.list.filter((m) =>
			this.kind === 'images'
				? m.capabilities.imageToImage && m.capabilities.maxSourceImages > 0
				: m.capabilities.textToImage
		)
	);
	model = $derived(this.usableModels.find((m) => m.id === this.modelId) ?? this.usableModels[0]);
	aspectRatios = $derived<readonly AspectRatio[]>(this.model?.capabilities.aspectRatios ?? ['1:1']);
	effectiveAspectRatio = $derived(
		this.aspectRatios.includes(this.aspectRatio) ? this.aspectRatio : this.aspectRatios[0]
	);
	variables = $derived(templateVariables(this.template));
	expansion = $derived(
		expandTemplate(
			this.template,
			Object.fromEntries(
				this.variables.map((name) => [name, valuesFromLines(this.valuesText[name] ?? '')])
			),
			this.mode
		)
	);
	templateProblem = $derived<TemplateProblem | null>(
		this.template.trim() && !this.expansion.ok ? this.expansion.problem : null
	);
	/** Each prompt of the batch with how many images it makes (images: one entry per source). */
	lines = $derived.by<PromptLine[]>(() => {
		const count = this.safeCount;
		if (this.kind === 'prompts')
			return [...this.extraPrompts, ...parsePromptLines(this.promptsText, count)];
		if (this.kind === 'template')
			return this.expansion.ok ? this.expansion.prompts.map((prompt) => ({ prompt, count })) : [];
		return this.sources.map((source) => ({ prompt: this.promptFor(source), count }));
	});
	/** The style variants each prompt is made under (one empty variant without styles). */
	variants = $derived(styleVariants(this.styles.list, this.styleMode));
	imageCount = $derived(styledImageCount(this.lines, this.variants));
	sizes = $derived<readonly string[]>(this.model?.capabilities.sizes ?? []);
	qualities = $derived<readonly string[]>(this.model?.capabilities.qualities ?? []);
	effectiveSize = $derived(this.sizes.includes(this.size) ? this.size : undefined);
	effectiveQuality = $derived(this.qualities.includes(this.quality) ? this.quality : undefined);
	supportsSeed = $derived(this.model?.capabilities.seed ?? false);
	/** Why the seed cannot be sent (shown at the field), or null. Every image of the batch uses it. */
	seedProblem = $derived(this.supportsSeed ? checkNumber(this.seed, SEED_RULES) : null);
	supportsNegativePrompt = $derived(this.model?.capabilities.negativePrompt ?? false);
	/** Strength applies to image batches only, for a model that takes one. */
	strengthRange = $derived<StrengthRange | null>(
		this.kind === 'images' ? (this.model?.capabilities.strength ?? null) : null
	);
	effectiveStrength = $derived(
		this.strengthRange ? onRange(this.strength, this.strengthRange) : undefined
	);
	/** Credits per image with the chosen size and quality. */
	price = $derived(
		this.model
			? priceFor(this.model, { size: this.effectiveSize, quality: this.effectiveQuality })
			: 0
	);
	safeCount = $derived(Math.min(MAX_COUNT_PER_PROMPT, Math.max(1, Math.round(this.count) || 1)));
	/** Every image needs a prompt (an image batch may leave it to the sidecars). */
	hasEmptyPrompt = $derived(this.lines.some((line) => line.prompt.trim().length === 0));

	/** The prompt for one source image: its sidecar's when allowed and present, else the shared one. */
	promptFor(source: SourceImage): string {
		return (this.useSidecars && source.sidecarPrompt) || this.imagePrompt.trim();
	}

	/** Credits one image costs at `option` of the size (or quality) picker, the other choice kept. */
	priceWith(option: { size?: string; quality?: string }): number {
		return this.model
			? priceFor(this.model, {
					size: this.effectiveSize,
					quality: this.effectiveQuality,
					...option
				})
			: 0;
	}

	/** The parameters every item of the batch is sent with, limited to what the model takes. */
	params(): GenerationParams {
		const seed =
			this.supportsSeed && this.seed !== null && !this.seedProblem ? this.seed : undefined;
		const negativePrompt = this.supportsNegativePrompt ? this.negativePrompt.trim() : '';
		return {
			aspectRatio: this.effectiveAspectRatio,
			...(this.effectiveSize === undefined ? {} : { size: this.effectiveSize }),
			...(this.effectiveQuality === undefined ? {} : { quality: this.effectiveQuality }),
			...(seed === undefined ? {} : { seed }),
			...(negativePrompt ? { negativePrompt } : {}),
			...(this.effectiveStrength === undefined ? {} : { strength: this.effectiveStrength })
		};
	}

	/**
	 * The items of the new job, at most `limit` images, in order. Image batches upload their
	 * sources first (the relay answers with the hash to use); `onUpload` reports progress.
	 * @throws {UploadError} when an upload fails.
	 */
	async buildItems(
		limit: number,
		onUpload?: (done: number, total: number, label: string) => void
	): Promise<NewItem[]> {
		const items: NewItem[] = [];
		const params = this.params();
		const typed = (prompt: string): TypedRequest => ({
			prompt,
			negativePrompt: this.negativePrompt,
			params,
			supportsNegativePrompt: this.supportsNegativePrompt
		});
		if (this.kind !== 'images') {
			return styledBatchItems(this.lines, this.variants, typed).slice(0, limit);
		}
		const needed = this.sources.slice(
			0,
			Math.ceil(limit / (this.safeCount * this.variants.length))
		);
		for (const [index, source] of needed.entries()) {
			onUpload?.(index, needed.length, source.label);
			const bytes = source.bytes.buffer.slice(
				source.bytes.byteOffset,
				source.bytes.byteOffset + source.bytes.byteLength
			) as ArrayBuffer;
			const uploaded = await uploadSource(bytes, source.mime);
			for (const item of styledItemsFor(
				typed(this.promptFor(source)),
				this.variants,
				this.safeCount
			)) {
				items.push({ ...item, sourceHashes: [uploaded.sha256], label: source.label });
			}
		}
		onUpload?.(needed.length, needed.length, '');
		return items.slice(0, limit);
	}

	/** Clears what was composed (after a batch starts); keeps model and parameters. */
	reset(): void {
		this.name = '';
		this.promptsText = '';
		this.extraPrompts = [];
		this.template = '';
		this.valuesText = {};
		this.sources = [];
		this.imagePrompt = '';
	}
}

/** The app's one batch form (kept while moving between pages). */
export const batchForm = new BatchFormState();
