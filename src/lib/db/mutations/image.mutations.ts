/**
 * The image mutations (SYNC §4.4, §4.7): a person's fields of an image (favourite, rating) as
 * per-field patches, and the trash (delete wins until restore; discard hides the row until the
 * tombstone arrives). Bytes and generation facts never change.
 */
import { ImageImportArgsSchema } from '../../shared/mutations/image-import.args';
import { ImageIdArgsSchema, ImagePatchArgsSchema } from '../../shared/mutations/library.args';
import type { ImageRow } from '../../shared/schemas/rows';
import type { StudioDB } from '../database';
import { liveRow, trashMutations } from './trash';
import { MutationError, type MutationDef } from './types';

const images = (db: StudioDB) => db.images;
const trash = trashMutations({
	prefix: 'image',
	entity: 'image',
	schema: ImageIdArgsSchema,
	table: images
});

export const imageMutations = {
	/** Changes only the given fields; a no-op records nothing. */
	'image.patch': {
		schema: ImagePatchArgsSchema,
		tables: (db) => [db.images],
		targets: (args) => [{ entity: 'image', id: args.id }],
		async apply(db, args, now) {
			const row = await liveRow<ImageRow>(images(db), 'image.patch', args.id);
			const changed = Object.fromEntries(
				Object.entries(args.fields).filter(([key, value]) => row[key as keyof ImageRow] !== value)
			);
			if (Object.keys(changed).length === 0) return null;
			await db.images.update(args.id, { ...changed, updatedAt: now });
			return { id: args.id, fields: changed };
		}
	} satisfies MutationDef<typeof ImagePatchArgsSchema>,
	/**
	 * Adds an imported image (bytes already on the relay). An existing id records nothing (a resend,
	 * or the rebase over the relay's own row); the same bytes already in the gallery are refused.
	 */
	'image.import': {
		schema: ImageImportArgsSchema,
		tables: (db) => [db.images],
		targets: (args) => [{ entity: 'image', id: args.id }],
		async apply(db, args, now) {
			if (await db.images.get(args.id)) return null;
			const twin = await db.images
				.where('sha256')
				.equals(args.sha256)
				.filter((row) => !row.discardedAt)
				.first();
			if (twin)
				throw new MutationError('image.import', 'INVALID', 'This image is already in the gallery');
			const createdAt = Math.min(args.createdAt ?? now, now);
			await db.images.add({
				id: args.id,
				generationId: null,
				outputIndex: 0,
				sha256: args.sha256,
				thumbSha256: args.thumbSha256,
				width: args.width,
				height: args.height,
				mime: args.mime,
				bytes: args.bytes,
				model: args.model,
				prompt: args.prompt,
				params: args.params,
				sourceHashes: [],
				price: 0,
				favourite: false,
				rating: 0,
				createdAt,
				updatedAt: now,
				deletedAt: null,
				discardedAt: null
			});
			return { ...args, createdAt };
		}
	} satisfies MutationDef<typeof ImageImportArgsSchema>,
	'image.delete': trash.delete,
	'image.restore': trash.restore,
	'image.discard': trash.discard
};
