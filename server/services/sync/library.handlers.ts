/**
 * image.* and collection.* on the relay: image metadata is per-field LWW (bytes are immutable),
 * delete wins until restore, memberships are set rows (add = upsert, remove = tombstone).
 */
import {
	CollectionCreateArgsSchema,
	CollectionIdArgsSchema,
	CollectionMembersArgsSchema,
	CollectionPatchArgsSchema,
	ImageIdArgsSchema,
	ImagePatchArgsSchema
} from '#shared/mutations/library.args';
import {
	discardRow,
	rowState,
	setTrashed,
	updateLiveRow,
	type TrashEntity
} from '../../db/repositories/sync/trash.repository';
import {
	addMembers,
	insertCollection,
	isUuid,
	ownedImageIds,
	removeMembers,
	removeMembershipsOf
} from '../../db/repositories/sync/library.repository';
import {
	defineHandler,
	MutationRejected,
	notLive,
	type MutationContext,
	type MutationHandler
} from './mutation-context';

/** Image ids are UUIDs on the relay: anything else is an unknown image, never a database error. */
function keyOf(table: TrashEntity, id: string): string {
	if (table !== 'image') return id;
	if (!isUuid(id)) throw new MutationRejected('NOT_FOUND', 'No such image.');
	return id.toLowerCase();
}

async function patch(
	ctx: MutationContext,
	table: TrashEntity,
	rawId: string,
	fields: Record<string, unknown>
): Promise<void> {
	const id = keyOf(table, rawId);
	if (await updateLiveRow(ctx.db, table, ctx.userId, id, { ...fields, updatedAt: ctx.now })) return;
	throw notLive(await rowState(ctx.db, table, ctx.userId, id), table);
}

/** delete / restore / discard, each idempotent; only an unknown id (or a restore of a discarded row) is refused. */
function trashHandlers(table: TrashEntity): Record<string, MutationHandler> {
	const what = table;
	const prefix = table;
	const schema = table === 'image' ? ImageIdArgsSchema : CollectionIdArgsSchema;
	return {
		[`${prefix}.delete`]: defineHandler(schema, async (ctx, args) => {
			const id = keyOf(table, args.id);
			if (await setTrashed(ctx.db, table, { userId: ctx.userId, id }, true, ctx.now)) return;
			if ((await rowState(ctx.db, table, ctx.userId, id)) === 'missing')
				throw notLive('missing', what);
		}),
		[`${prefix}.restore`]: defineHandler(schema, async (ctx, args) => {
			const id = keyOf(table, args.id);
			if (await setTrashed(ctx.db, table, { userId: ctx.userId, id }, false, ctx.now)) return;
			const state = await rowState(ctx.db, table, ctx.userId, id);
			if (state !== 'live') throw notLive(state, what);
		}),
		[`${prefix}.discard`]: defineHandler(schema, async (ctx, args) => {
			const id = keyOf(table, args.id);
			if (await discardRow(ctx.db, table, { userId: ctx.userId, id }, ctx.now)) {
				const side = table === 'image' ? { imageId: id } : { collectionId: id };
				return removeMembershipsOf(ctx.db, { userId: ctx.userId, ...side, now: ctx.now });
			}
			if ((await rowState(ctx.db, table, ctx.userId, id)) === 'missing')
				throw notLive('missing', what);
		})
	};
}

async function liveCollection(ctx: MutationContext, id: string): Promise<void> {
	const state = await rowState(ctx.db, 'collection', ctx.userId, id);
	if (state !== 'live') throw notLive(state, 'collection');
}

/** image.* and collection.* by name. */
export const libraryHandlers: Record<string, MutationHandler> = {
	'image.patch': defineHandler(ImagePatchArgsSchema, (ctx, args) =>
		patch(ctx, 'image', args.id, args.fields)
	),
	...trashHandlers('image'),
	'collection.create': defineHandler(CollectionCreateArgsSchema, async (ctx, args) => {
		const createdAt = args.createdAt ?? ctx.now;
		const row = {
			userId: ctx.userId,
			id: args.id,
			name: args.name,
			createdAt,
			updatedAt: createdAt
		};
		if (!(await insertCollection(ctx.db, row)))
			await patch(ctx, 'collection', args.id, { name: args.name });
	}),
	'collection.patch': defineHandler(CollectionPatchArgsSchema, (ctx, args) =>
		patch(ctx, 'collection', args.id, args.fields)
	),
	...trashHandlers('collection'),
	'collection.add': defineHandler(CollectionMembersArgsSchema, async (ctx, args) => {
		await liveCollection(ctx, args.id);
		const owned = await ownedImageIds(ctx.db, ctx.userId, args.imageIds);
		const ids = args.imageIds.map((id) => id.toLowerCase());
		if (ids.some((id) => !owned.has(id)))
			throw new MutationRejected('NOT_FOUND', 'An image to add does not exist.');
		await addMembers(ctx.db, {
			userId: ctx.userId,
			collectionId: args.id,
			imageIds: [...new Set(ids)],
			now: ctx.now
		});
	}),
	'collection.remove': defineHandler(CollectionMembersArgsSchema, async (ctx, args) => {
		await liveCollection(ctx, args.id);
		await removeMembers(ctx.db, {
			userId: ctx.userId,
			collectionId: args.id,
			imageIds: args.imageIds.map((id) => id.toLowerCase()),
			now: ctx.now
		});
	})
};
