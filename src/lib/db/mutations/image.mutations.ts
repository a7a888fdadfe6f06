/**
 * The image mutations (SYNC §4.4, §4.7): a person's fields of an image (favourite, rating) as
 * per-field patches, and the trash (delete wins until restore; discard hides the row until the
 * tombstone arrives). Bytes and generation facts never change.
 */
import { ImageIdArgsSchema, ImagePatchArgsSchema } from '../../shared/mutations/library.args';
import type { ImageRow } from '../../shared/schemas/rows';
import type { StudioDB } from '../database';
import { liveRow, trashMutations } from './trash';
import type { MutationDef } from './types';

const images = (db: StudioDB) => db.images;
const trash = trashMutations({ prefix: 'image', entity: 'image', schema: ImageIdArgsSchema, table: images });

export const imageMutations = {
	/** Changes only the given fields; a no-op records nothing. */
	'image.patch': {
		schema: ImagePatchArgsSchema,
		tables: (db) => [db.images],
		targets: (args) => [{ entity: 'image', id: args.id }],
		async apply(db, args, now) {
			const row = await liveRow<ImageRow>(images(db), 'image.patch', args.id);
			const changed = Object.fromEntries(Object.entries(args.fields).filter(([key, value]) => row[key as keyof ImageRow] !== value));
			if (Object.keys(changed).length === 0) return null;
			await db.images.update(args.id, { ...changed, updatedAt: now });
			return { id: args.id, fields: changed };
		}
	} satisfies MutationDef<typeof ImagePatchArgsSchema>,
	'image.delete': trash.delete,
	'image.restore': trash.restore,
	'image.discard': trash.discard
};
