/**
 * Test devices for sync: a client id with its own mid counter that pushes named mutations and
 * pulls through the real router. Every pulled row is parsed with the shared row schema, so a drift
 * between the relay's rows and rows.ts fails the test that pulled it.
 */
import { uuidv7 } from '#shared/ids';
import { SYNC_SCHEMA_VERSION, type Change, type PullResult } from '#shared/schemas/sync';
import {
	CollectionImageRowSchema,
	CollectionRowSchema,
	ImageRowSchema,
	JobItemRowSchema,
	JobRowSchema,
	PromptRowSchema
} from '#shared/schemas/rows';
import type { Caller } from './test-relay';

const ROW_SCHEMAS = {
	prompt: PromptRowSchema,
	image: ImageRowSchema,
	job: JobRowSchema,
	jobItem: JobItemRowSchema,
	collection: CollectionRowSchema,
	collectionImage: CollectionImageRowSchema
} as const;

/** Throws when a pulled row does not parse with its shared schema (strictly: no unknown fields either). */
export function assertWireRow(change: Change): void {
	if (!('row' in change)) return;
	const schema = ROW_SCHEMAS[change.entity as keyof typeof ROW_SCHEMAS];
	if (!schema) throw new Error(`unknown entity ${change.entity}`);
	const parsed = schema.strict().safeParse(change.row);
	if (!parsed.success)
		throw new Error(`${change.entity} ${change.id} drifted from rows.ts: ${parsed.error.message}`);
}

export interface TestDevice {
	clientId: string;
	/** Pushes one mutation under the next mid. */
	/** `name`: a MutationName, or any text to test an unknown one. */
	push(name: string, args: unknown): ReturnType<Caller['sync']['push']>;
	/** Pushes several in one request, under consecutive mids. */
	pushMany(mutations: { name: string; args: unknown }[]): ReturnType<Caller['sync']['push']>;
	pull(cursor: number, limit?: number): Promise<PullResult>;
	/** Pulls from `cursor` until done; returns the changes and the final cursor. */
	pullAll(
		cursor?: number,
		limit?: number
	): Promise<{ changes: Change[]; cursor: number; pages: PullResult[] }>;
	nextMid: number;
}

export function testDevice(caller: Caller, clientId: string = uuidv7()): TestDevice {
	const device: TestDevice = {
		clientId,
		nextMid: 1,
		push: (name, args) => device.pushMany([{ name, args }]),
		pushMany: (mutations) =>
			caller.sync.push({
				clientId,
				schemaVersion: SYNC_SCHEMA_VERSION,
				mutations: mutations.map((m) => ({ mid: device.nextMid++, name: m.name, args: m.args }))
			}),
		async pull(cursor, limit = 500) {
			const result = await caller.sync.pull({
				clientId,
				schemaVersion: SYNC_SCHEMA_VERSION,
				cursor,
				limit
			});
			if (!result.reset) result.changes.forEach(assertWireRow);
			return result;
		},
		async pullAll(cursor = 0, limit = 500) {
			const changes: Change[] = [];
			const pages: PullResult[] = [];
			for (;;) {
				const page = await device.pull(cursor, limit);
				pages.push(page);
				if (page.reset) throw new Error('unexpected reset');
				changes.push(...page.changes);
				cursor = page.nextCursor;
				if (!page.hasMore) return { changes, cursor, pages };
			}
		}
	};
	return device;
}

/** The latest state per (entity, id) after applying changes in order. */
export function latest(changes: Change[]): Map<string, Change> {
	const map = new Map<string, Change>();
	for (const change of changes) map.set(`${change.entity}/${change.id}`, change);
	return map;
}

/** A prompt.create argument with sensible defaults. */
export const newPrompt = (overrides: Record<string, unknown> = {}) => ({
	id: uuidv7(),
	title: 'Fox',
	text: 'a red fox in snow',
	...overrides
});
