/**
 * `image.import`: an image file from disk becomes a gallery row (generationId null). A wire format
 * like library.args.ts: its meaning never changes (SYNC §4.13). The bytes are uploaded first
 * (PUT /blob), so the hashes are the relay's stored, metadata-stripped original and its thumbnail;
 * the relay takes size and type from its own blob records, the client's copy is for its optimistic row.
 */
import { z } from 'zod';
import { Sha256Schema } from '../hash';
import { UuidSchema } from '../ids';
import { GenerationParamsSchema, MAX_PROMPT_LENGTH } from '../schemas/generate';

export const IMPORT_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

export const ImageImportArgsSchema = z
	.object({
		id: UuidSchema,
		sha256: Sha256Schema,
		thumbSha256: Sha256Schema,
		width: z.number().int().positive().max(100_000),
		height: z.number().int().positive().max(100_000),
		mime: z.enum(IMPORT_MIME_TYPES),
		bytes: z.number().int().positive(),
		/** What the file's metadata said (our provenance, A1111, ComfyUI, InvokeAI); empty when nothing. */
		prompt: z.string().max(MAX_PROMPT_LENGTH).default(''),
		model: z.string().max(200).default(''),
		params: GenerationParamsSchema.default({ aspectRatio: '1:1' }),
		/** When the image was made as far as the file tells (its modification time); never after the import. */
		createdAt: z.number().int().nonnegative().optional()
	})
	.strict();
