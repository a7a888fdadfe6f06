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

/** One request in the relay's own shape; each adapter maps it to its dialect. */
export interface ImageRequest {
	/** The model id the provider knows (catalogue `upstreamId`). */
	upstreamModel: string;
	prompt: string;
	negativePrompt?: string;
	aspectRatio: AspectRatio;
	/** Provider-specific size tier or WxH, when the model takes one. */
	size?: string;
	seed?: number;
	strength?: number;
	/** How many images to ask for in this call (1 unless the model can do more per call). */
	count: number;
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

	constructor(options: { code: ErrorCode; message: string; retryAfterMs?: number | null; status?: number | null }) {
		super(options.message);
		this.name = 'ProviderError';
		this.code = options.code;
		this.retryAfterMs = options.retryAfterMs ?? null;
		this.status = options.status ?? null;
	}
}
