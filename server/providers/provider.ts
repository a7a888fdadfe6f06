/**
 * The one interface every provider adapter implements, and the error it throws.
 * Adapters speak one wire format each; they never touch the database, credits or sharp.
 */
import type { AspectRatio } from '#shared/schemas/catalogue';
import type { ErrorCode } from '#shared/protocol';

/** A source image for image-to-image, already verified and normalised by the relay. */
export interface SourceImage {
	bytes: Uint8Array;
	mime: 'image/png' | 'image/jpeg' | 'image/webp';
}

/**
 * One request in the relay's own shape; each adapter maps it to its dialect. It always asks for
 * exactly one image: one generation is one image (see CONTEXT.md), so adapters never ask for more.
 */
export interface ImageRequest {
	/** The model id the provider knows (catalogue `upstreamId`). */
	upstreamModel: string;
	prompt: string;
	negativePrompt?: string;
	aspectRatio: AspectRatio;
	/** Provider-specific size tier or WxH, when the model takes one. */
	size?: string;
	/** Provider-specific quality level (e.g. low/medium/high), when the model takes one. */
	quality?: string;
	seed?: number;
	/** Image-to-image strength 0–1 (0 keeps the sources, 1 ignores them), when the model takes one. */
	strength?: number;
	/** The model answers with text beside the image (catalogue `textOutput`); else image-only output is asked for. */
	textOutput?: boolean;
	sources: SourceImage[];
	/** Edit mask for adapters that take one (OpenAI edits): a PNG the size of the first source. */
	mask?: SourceImage;
	/** Correlates provider calls with our generation (never sent as a secret). */
	requestId: string;
}

/** One image in a provider's answer: raw bytes (never yet trusted: the relay decodes them). */
export interface ProviderImage {
	bytes: Uint8Array;
	mime?: string;
}

export interface ProviderResult {
	images: ProviderImage[];
	/** Any text the model returned next to (or instead of) images. */
	text?: string;
	/** The provider's own id for the call, kept on the receipt. */
	providerRequestId?: string;
	/** What the provider says it cost, in USD, when it says. */
	costUsd?: number;
}

export interface ImageProvider {
	/** The adapter name, as used in the catalogue (`demo`, `openrouter`, …). */
	readonly name: string;
	/** Makes the images or throws {@link ProviderError}. Must stop promptly when `signal` aborts. */
	generate(request: ImageRequest, signal: AbortSignal): Promise<ProviderResult>;
}

/** A provider failure mapped to our error taxonomy. Messages never contain the key. */
export class ProviderError extends Error {
	readonly code: ErrorCode;
	readonly retryAfterMs: number | null;
	readonly status: number | null;

	constructor(options: {
		code: ErrorCode;
		message: string;
		retryAfterMs?: number | null;
		status?: number | null;
	}) {
		super(options.message);
		this.name = 'ProviderError';
		this.code = options.code;
		this.retryAfterMs = options.retryAfterMs ?? null;
		this.status = options.status ?? null;
	}
}
