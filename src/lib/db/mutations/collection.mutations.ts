/**
 * The collection mutations (SYNC §4.4): create, rename, the trash rules shared with prompts and
 * images, and membership as a set of rows keyed [collectionId+imageId] (add = upsert, remove =
 * tombstone on the relay, like tags). Members of a trashed collection cannot change.
 */
import {
	CollectionCreateArgsSchema,
	CollectionIdArgsSchema,
	CollectionMembersArgsSchema,
	CollectionPatchArgsSchema
} from '../../shared/mutations/library.args';
import type { CollectionRow } from '../../shared/schemas/rows';
import type { StudioDB } from '../database';
import { liveRow, trashMutations } from './trash';
import type { MutationDef } from './types';

const collections = (db: StudioDB) => db.collections;
const trash = trashMutations({
	prefix: 'collection',
	entity: 'collection',
	schema: CollectionIdArgsSchema,
	table: collections
});
const collectionTarget = (args: { id: string }) => [{ entity: 'collection' as const, id: args.id }];
const memberTargets = (args: { id: string; imageIds: string[] }) =>
	args.imageIds.map((imageId) => ({
		entity: 'collectionImage' as const,
		id: `${args.id}:${imageId}`
	}));
const memberTables = (db: StudioDB) => [db.collections, db.collectionImages, db.images];

export const collectionMutations = {
	/** Creates a collection; an existing id is a rename (idempotent resend), a trashed one stays trashed. */
	'collection.create': {
		schema: CollectionCreateArgsSchema,
		tables: (db) => [db.collections],
		targets: collectionTarget,
		async apply(db, args, now) {
			const recorded = { ...args, createdAt: args.createdAt ?? now };
			const row = await db.collections.get(args.id);
			if (row?.deletedAt != null) return null;
			if (row) await db.collections.update(args.id, { name: args.name, updatedAt: now });
			else
				await db.collections.add({
					id: args.id,
					name: args.name,
					createdAt: recorded.createdAt,
					updatedAt: now,
					deletedAt: null,
					discardedAt: null
				});
			return recorded;
		}
	} satisfies MutationDef<typeof CollectionCreateArgsSchema>,

	/** Renames a collection; the same name records nothing. */
	'collection.patch': {
		schema: CollectionPatchArgsSchema,
		tables: (db) => [db.collections],
		targets: collectionTarget,
		async apply(db, args, now) {
			const row = await liveRow<CollectionRow>(collections(db), 'collection.patch', args.id);
			if (row.name === args.fields.name) return null;
			await db.collections.update(args.id, { name: args.fields.name, updatedAt: now });
			return args;
		}
	} satisfies MutationDef<typeof CollectionPatchArgsSchema>,

	'collection.delete': trash.delete,
	'collection.restore': trash.restore,
	'collection.discard': trash.discard,

	/** Adds images (set semantics): only images on this device and not yet members are recorded. */
	'collection.add': {
		schema: CollectionMembersArgsSchema,
		tables: memberTables,
		targets: memberTargets,
		async apply(db, args, now) {
			await liveRow(collections(db), 'collection.add', args.id);
			const ids = [...new Set(args.imageIds)];
			const [images, members] = await Promise.all([
				db.images.bulkGet(ids),
				db.collectionImages.bulkGet(ids.map((imageId) => [args.id, imageId]))
			]);
			const fresh = ids.filter((_, i) => images[i] && images[i].discardedAt == null && !members[i]);
			if (fresh.length === 0) return null;
			await db.collectionImages.bulkAdd(
				fresh.map((imageId) => ({ collectionId: args.id, imageId, addedAt: now }))
			);
			return { id: args.id, imageIds: fresh };
		}
	} satisfies MutationDef<typeof CollectionMembersArgsSchema>,

	/** Removes images (set semantics): only current members are recorded. */
	'collection.remove': {
		schema: CollectionMembersArgsSchema,
		tables: memberTables,
		targets: memberTargets,
		async apply(db, args) {
			await liveRow(collections(db), 'collection.remove', args.id);
			const ids = [...new Set(args.imageIds)];
			const keys = ids.map((imageId): [string, string] => [args.id, imageId]);
			const members = await db.collectionImages.bulkGet(keys);
			const gone = ids.filter((_, i) => members[i]);
			if (gone.length === 0) return null;
			await db.collectionImages.bulkDelete(
				gone.map((imageId): [string, string] => [args.id, imageId])
			);
			return { id: args.id, imageIds: gone };
		}
	} satisfies MutationDef<typeof CollectionMembersArgsSchema>
};
