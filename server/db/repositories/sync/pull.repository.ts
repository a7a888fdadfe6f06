/**
 * Reads for sync.pull and sync.rows: per synced table the user's rows after a cursor in seq
 * order, with prompt tags and usage embedded. Callers run these inside one snapshot.
 */
import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../client';
import {
	collectionImages,
	collections,
	images,
	jobItems,
	jobs,
	promptCounters,
	prompts,
	promptTags,
	syncClients,
	syncState,
	users
} from '../../schema/index';

export type PromptRecord = typeof prompts.$inferSelect & {
	tags: string[];
	usageCount: number | null;
	lastUsedAt: number | null;
};

/** Which rows of a table: after a cursor (pull) or by id (repair after a rejection). */
export type Selection = { after: number; limit: number } | { ids: string[] };

type Synced =
	| typeof prompts
	| typeof images
	| typeof jobs
	| typeof jobItems
	| typeof collections
	| typeof collectionImages;

/** The WHERE of one table; `key` is how the table spells a row's id on the wire. */
function rowsOf(table: Synced, userId: string, selection: Selection, key: SQL): SQL {
	const which =
		'after' in selection
			? gt(table.seq, selection.after)
			: selection.ids.length
				? inArray(key, selection.ids)
				: sql`false`;
	return and(eq(table.userId, userId), which)!;
}

async function selectPrompts(db: Db, where: SQL, limit: number): Promise<PromptRecord[]> {
	const tags = sql<
		string[]
	>`coalesce((select jsonb_agg(${promptTags.tag} order by ${promptTags.tag}) from ${promptTags} where ${promptTags.userId} = ${prompts.userId} and ${promptTags.promptId} = ${prompts.id} and ${promptTags.deletedAt} is null), '[]'::jsonb)`;
	const rows = await db
		.select({
			prompt: prompts,
			tags,
			usageCount: promptCounters.usageCount,
			lastUsedAt: promptCounters.lastUsedAt
		})
		.from(prompts)
		.leftJoin(
			promptCounters,
			and(eq(promptCounters.userId, prompts.userId), eq(promptCounters.promptId, prompts.id))
		)
		.where(where)
		.orderBy(asc(prompts.seq))
		.limit(limit);
	return rows.map((r) => ({
		...r.prompt,
		tags: r.tags,
		usageCount: r.usageCount,
		lastUsedAt: r.lastUsedAt
	}));
}

/** The user's rows of every synced table for `selection`, each list in seq order. */
export async function readTables(db: Db, userId: string, selection: Selection) {
	const limit = 'after' in selection ? selection.limit : 1000;
	// Image ids are UUIDs: other strings cannot match and must not reach the uuid column.
	const imageSelection: Selection =
		'after' in selection
			? selection
			: {
					ids: selection.ids
						.filter((id) => /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(id))
						.map((id) => id.toLowerCase())
				};
	const memberKey = sql`${collectionImages.collectionId} || ':' || ${collectionImages.imageId}`;
	return {
		prompt: await selectPrompts(db, rowsOf(prompts, userId, selection, sql`${prompts.id}`), limit),
		image: await db
			.select()
			.from(images)
			.where(rowsOf(images, userId, imageSelection, sql`${images.id}`))
			.orderBy(asc(images.seq))
			.limit(limit),
		job: await db
			.select()
			.from(jobs)
			.where(rowsOf(jobs, userId, selection, sql`${jobs.id}`))
			.orderBy(asc(jobs.seq))
			.limit(limit),
		jobItem: await db
			.select()
			.from(jobItems)
			.where(rowsOf(jobItems, userId, selection, sql`${jobItems.id}`))
			.orderBy(asc(jobItems.seq))
			.limit(limit),
		collection: await db
			.select()
			.from(collections)
			.where(rowsOf(collections, userId, selection, sql`${collections.id}`))
			.orderBy(asc(collections.seq))
			.limit(limit),
		collectionImage: await db
			.select()
			.from(collectionImages)
			.where(rowsOf(collectionImages, userId, selection, memberKey))
			.orderBy(asc(collectionImages.seq))
			.limit(limit)
	};
}
export type TableRows = Awaited<ReturnType<typeof readTables>>;

/** Rows after `cursor` across the synced tables (for "1,200 of 10,000"). */
export async function countAfter(db: Db, userId: string, cursor: number): Promise<number> {
	const tables = [prompts, images, jobs, jobItems, collections, collectionImages] as const;
	let total = 0;
	for (const table of tables) {
		const [row] = await db
			.select({ n: sql<number>`count(*)::int` })
			.from(table)
			.where(and(eq(table.userId, userId), gt(table.seq, cursor)));
		total += row.n;
	}
	return total;
}

/** The user's seq, min_cursor and balance, and the client's last_mid, in the caller's snapshot. */
export async function syncHead(db: Db, userId: string, clientId: string) {
	const [state] = await db
		.select({ seq: syncState.seq, minCursor: syncState.minCursor })
		.from(syncState)
		.where(eq(syncState.userId, userId));
	const [user] = await db
		.select({ credits: users.credits })
		.from(users)
		.where(eq(users.id, userId));
	const [client] = await db
		.select({ userId: syncClients.userId, lastMid: syncClients.lastMid })
		.from(syncClients)
		.where(eq(syncClients.clientId, clientId));
	return {
		seq: state?.seq ?? 0,
		minCursor: state?.minCursor ?? 0,
		credits: user?.credits ?? 0,
		client
	};
}
