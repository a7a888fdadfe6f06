/**
 * The reference model of SYNC §4.7 for prompts (invariant 2, "server = oracle"): replays the
 * relay's ok mutation_log entries in server order, plus the purges the run made, as pure code, and
 * names every difference from the prompt rows the relay serves. Reads nothing but its inputs.
 */
import { canonical } from './canonical';
import {
	PromptCreateArgsSchema,
	PromptPatchArgsSchema,
	type PromptFields
} from '#shared/mutations/prompt.args';

const FIELDS = [
	'title',
	'text',
	'negativePrompt',
	'category',
	'favourite',
	'model',
	'params'
] as const;

interface ModelPrompt {
	fields: Record<(typeof FIELDS)[number], unknown>;
	tags: Set<string>;
	usageCount: number;
	lastUsedAt: number | null;
	state: 'live' | 'trashed' | 'discarded';
}

/** One event in server order: an applied mutation (`at` = its push's server time) or a purge. */
export type OracleEvent =
	| { at: number; mid: number; name: string; args: unknown }
	| { at: number; mid: 0; name: 'purge'; args: null };

/** Replays the events; returns the model and the entries the model says the relay should have refused. */
export function replayPrompts(events: OracleEvent[]): {
	prompts: Map<string, ModelPrompt>;
	anomalies: string[];
} {
	const prompts = new Map<string, ModelPrompt>();
	const anomalies: string[] = [];
	const sorted = [...events].sort((a, b) => a.at - b.at || a.mid - b.mid);
	for (const event of sorted) {
		const args = event.args as Record<string, unknown>;
		const row =
			typeof args?.id === 'string'
				? prompts.get(args.id)
				: typeof args?.promptId === 'string'
					? prompts.get(args.promptId)
					: undefined;
		const refuse = (why: string) =>
			anomalies.push(`${event.name} ${JSON.stringify(args)} at ${event.at}: ${why}`);
		switch (event.name) {
			case 'purge':
				for (const p of prompts.values()) if (p.state === 'trashed') p.state = 'discarded';
				break;
			case 'prompt.create': {
				const a = PromptCreateArgsSchema.parse(args);
				if (!row) {
					prompts.set(a.id, {
						fields: Object.fromEntries(FIELDS.map((f) => [f, a[f]])) as ModelPrompt['fields'],
						tags: new Set(a.tags),
						usageCount: a.usageCount,
						lastUsedAt: a.lastUsedAt,
						state: 'live'
					});
				} else if (row.state !== 'live') refuse('create over a row that is not live');
				else {
					for (const f of FIELDS) row.fields[f] = a[f];
					for (const tag of a.tags) row.tags.add(tag);
				}
				break;
			}
			case 'prompt.patch': {
				const a = PromptPatchArgsSchema.parse(args);
				if (row?.state !== 'live') refuse('patch of a row that is not live');
				else Object.assign(row.fields, a.fields as Partial<PromptFields>);
				break;
			}
			case 'prompt.delete':
				if (!row) refuse('delete of a missing row');
				else if (row.state === 'live') row.state = 'trashed';
				break;
			case 'prompt.restore':
				if (row?.state === 'trashed') row.state = 'live';
				else if (row?.state !== 'live') refuse('restore of a missing or discarded row');
				break;
			case 'prompt.discard':
				if (!row) refuse('discard of a missing row');
				else row.state = 'discarded';
				break;
			case 'tag.add':
				if (row?.state !== 'live') refuse('tag of a row that is not live');
				else row.tags.add(String(args.tag));
				break;
			case 'tag.remove':
				if (row?.state !== 'live') refuse('untag of a row that is not live');
				else row.tags.delete(String(args.tag));
				break;
			case 'prompt.bumpUsage':
				if (!row || row.state === 'discarded') refuse('bump of a missing or discarded row');
				else {
					row.usageCount += Number(args.by);
					row.lastUsedAt = Math.max(row.lastUsedAt ?? -Infinity, event.at);
				}
				break;
		}
	}
	return { prompts, anomalies };
}

/** Differences between the model and the relay's prompt rows (as pulled from 0). */
export function compareWithServer(
	model: Map<string, ModelPrompt>,
	serverRows: Map<string, Record<string, unknown>>
): string[] {
	const problems: string[] = [];
	for (const [id, m] of model) {
		const row = serverRows.get(id);
		if (m.state === 'discarded') {
			if (row) problems.push(`prompt ${id}: discarded in the model, served by the relay`);
			continue;
		}
		if (!row) {
			problems.push(`prompt ${id}: ${m.state} in the model, missing on the relay`);
			continue;
		}
		const expected = {
			...m.fields,
			tags: [...m.tags].sort(),
			usageCount: m.usageCount,
			lastUsedAt: m.lastUsedAt,
			trashed: m.state === 'trashed'
		};
		const actual = {
			...Object.fromEntries(FIELDS.map((f) => [f, row[f]])),
			tags: [...(row.tags as string[])].sort(),
			usageCount: row.usageCount,
			lastUsedAt: row.lastUsedAt ?? null,
			trashed: row.deletedAt !== null
		};
		if (canonical(expected) !== canonical(actual))
			problems.push(`prompt ${id}: model ${canonical(expected)} != relay ${canonical(actual)}`);
	}
	for (const id of serverRows.keys())
		if (!model.has(id)) problems.push(`prompt ${id}: on the relay, unknown to the model`);
	return problems;
}
