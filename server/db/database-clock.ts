/** The database server's clock (ms since epoch), read at the moment of the query. */
import { sql } from 'drizzle-orm';
import type { Db } from './client';

type Rows<T> = T[] | { rows: T[] };
const rowsOf = <T>(result: Rows<T>): T[] => (Array.isArray(result) ? result : result.rows);

export async function databaseNow(db: Db): Promise<number> {
	const [row] = rowsOf((await db.execute(sql`select (extract(epoch from clock_timestamp()) * 1000)::float8 as ms`)) as unknown as Rows<{ ms: number | string }>);
	return Number(row.ms);
}
