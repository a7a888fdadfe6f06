/**
 * Read-only figures for the admin panel, from generations and sessions: images and credits by
 * UTC day and by model, failures by error code, the queue now, and active users.
 */
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { generations } from '../schema/index';
import { rowsOf } from '../rows';

const DAY_MS = 86_400_000;

/** Done generations per UTC day since `since` (ms): day as YYYY-MM-DD. */
export async function imagesByDay(
	db: Db,
	since: number
): Promise<{ day: string; images: number; credits: number }[]> {
	const day = sql<string>`to_char(to_timestamp(${generations.createdAt} / 1000.0) at time zone 'UTC', 'YYYY-MM-DD')`;
	return db
		.select({
			day,
			images: sql<number>`count(*)::int`,
			credits: sql<number>`coalesce(sum(${generations.price}), 0)::int`
		})
		.from(generations)
		.where(and(eq(generations.status, 'done'), gte(generations.createdAt, since)))
		.groupBy(day);
}

/** Per model since `since`: done images, their credits, and failures. */
export async function usageByModel(
	db: Db,
	since: number
): Promise<{ model: string; images: number; credits: number; failures: number }[]> {
	return db
		.select({
			model: generations.model,
			images: sql<number>`(count(*) filter (where ${generations.status} = 'done'))::int`,
			credits: sql<number>`coalesce(sum(${generations.price}) filter (where ${generations.status} = 'done'), 0)::int`,
			failures: sql<number>`(count(*) filter (where ${generations.status} = 'failed'))::int`
		})
		.from(generations)
		.where(gte(generations.createdAt, since))
		.groupBy(generations.model)
		.orderBy(generations.model);
}

export async function failuresByCode(
	db: Db,
	since: number
): Promise<{ code: string; count: number }[]> {
	const code = sql<string>`coalesce(${generations.errorCode}, 'INTERNAL')`;
	return db
		.select({ code, count: sql<number>`count(*)::int` })
		.from(generations)
		.where(and(eq(generations.status, 'failed'), gte(generations.createdAt, since)))
		.groupBy(code)
		.orderBy(sql`count(*) desc`, code);
}

/** Generations waiting for a provider slot and at the provider, right now. */
export async function queueDepth(db: Db): Promise<{ queued: number; running: number }> {
	const [row] = await db
		.select({
			queued: sql<number>`(count(*) filter (where ${generations.status} = 'queued'))::int`,
			running: sql<number>`(count(*) filter (where ${generations.status} = 'running'))::int`
		})
		.from(generations)
		.where(inArray(generations.status, ['queued', 'running']));
	return row;
}

/** Distinct users who generated or signed in within the last 1, 7 and 30 days. */
export async function activeUsers(
	db: Db,
	now: number
): Promise<{ d1: number; d7: number; d30: number }> {
	const rows = await db.execute(sql`
		with activity as (
			select user_id, created_at from generations where created_at >= ${now - 30 * DAY_MS}
			union all
			select user_id, created_at from sessions where created_at >= ${now - 30 * DAY_MS}
		)
		select
			(count(distinct user_id) filter (where created_at >= ${now - DAY_MS}))::int as d1,
			(count(distinct user_id) filter (where created_at >= ${now - 7 * DAY_MS}))::int as d7,
			count(distinct user_id)::int as d30
		from activity`);
	const row = rowsOf<{ d1: number; d7: number; d30: number }>(rows)[0];
	return { d1: Number(row.d1), d7: Number(row.d7), d30: Number(row.d30) };
}
