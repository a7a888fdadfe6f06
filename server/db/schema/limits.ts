/** Fixed-window request counters, in the database so every relay process shares them. */
import { bigint, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

export const rateLimitWindows = pgTable(
	'rate_limit_windows',
	{
		/** What is limited and for whom, e.g. `submit:<userId>`. */
		key: text('key').notNull(),
		windowStart: bigint('window_start', { mode: 'number' }).notNull(),
		count: integer('count').notNull()
	},
	(t) => [primaryKey({ columns: [t.key, t.windowStart] })]
);
