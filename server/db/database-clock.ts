/** The database server's clock (ms since epoch), read at the moment of the query. */
import { sql } from 'drizzle-orm';
import type { Db } from './client';
import { rowsOf } from './rows';

export async function databaseNow(db: Db): Promise<number> {
	const [row] = rowsOf<{ ms: number | string }>(
		await db.execute(sql`select (extract(epoch from clock_timestamp()) * 1000)::float8 as ms`)
	);
	return Number(row.ms);
}
