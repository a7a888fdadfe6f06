/**
 * Relay records → the row shapes of rows.ts (what devices store) and pull changes. Trash rows go
 * as rows; discarded rows and removed memberships go as tombstones. Nothing else is sent.
 */
import type { Change, Entity } from '#shared/schemas/sync';
import type {
	CollectionImageRow,
	CollectionRow,
	ImageRow,
	JobItemRow,
	JobRow,
	PromptRow
} from '#shared/schemas/rows';
import type { GenerationParams } from '#shared/schemas/generate';
import type { TableRows } from '../../db/repositories/sync/pull.repository';

type Rec<K extends keyof TableRows> = TableRows[K][number];
const times = (r: { createdAt: number; updatedAt: number; deletedAt: number | null }) => ({
	createdAt: r.createdAt,
	updatedAt: r.updatedAt,
	deletedAt: r.deletedAt
});
const params = (p: unknown) => p as GenerationParams;

/** A prompt with its live tags, usage count and last use embedded, as PromptRowSchema. */
export function promptRow(r: Rec<'prompt'>): PromptRow {
	return {
		id: r.id,
		title: r.title,
		text: r.text,
		negativePrompt: r.negativePrompt,
		category: r.category,
		tags: r.tags,
		favourite: r.favourite,
		usageCount: r.usageCount ?? 0,
		model: r.model,
		params: r.params ?? null,
		lastUsedAt: r.lastUsedAt,
		discardedAt: r.discardedAt,
		...times(r)
	};
}

/** An image row as ImageRowSchema. */
export function imageRow(r: Rec<'image'>): ImageRow {
	return {
		id: r.id,
		generationId: r.generationId,
		outputIndex: r.outputIndex,
		sha256: r.sha256,
		thumbSha256: r.thumbSha256,
		width: r.width,
		height: r.height,
		mime: r.mime,
		bytes: r.bytes,
		model: r.model,
		prompt: r.prompt,
		params: params(r.params),
		sourceHashes: r.sourceHashes,
		price: r.price,
		providerRequestId: r.providerRequestId,
		apiKeyId: r.apiKeyId,
		favourite: r.favourite,
		rating: r.rating,
		...times(r)
	};
}

/** A job row as JobRowSchema (`sort_order` → `order`). */
export function jobRow(r: Rec<'job'>): JobRow {
	return {
		id: r.id,
		name: r.name,
		model: r.model,
		params: params(r.params),
		concurrency: r.concurrency,
		state: r.state,
		order: r.sortOrder,
		kind: r.kind,
		ownerClientId: r.ownerClientId,
		claimEpoch: r.claimEpoch,
		...times(r)
	};
}

/** A job item row as JobItemRowSchema (`item_index` → `index`). */
export function jobItemRow(r: Rec<'jobItem'>): JobItemRow {
	return {
		id: r.id,
		jobId: r.jobId,
		index: r.itemIndex,
		prompt: r.prompt,
		params: params(r.params),
		model: r.model,
		sourceHashes: r.sourceHashes,
		label: r.label,
		state: r.state,
		attempts: r.attempts,
		nextAttemptAt: r.nextAttemptAt,
		error: r.error as JobItemRow['error'],
		imageIds: r.imageIds,
		requestId: r.requestId,
		submittedAt: r.submittedAt,
		finishedAt: r.finishedAt,
		round: r.round,
		...times(r)
	};
}

/** A collection row as CollectionRowSchema. */
export const collectionRow = (r: Rec<'collection'>): CollectionRow => ({
	id: r.id,
	name: r.name,
	...times(r)
});
/** A membership's id on the wire: `collectionId:imageId`. */
export const memberId = (r: { collectionId: string; imageId: string }) =>
	`${r.collectionId}:${r.imageId}`;
const memberRow = (r: Rec<'collectionImage'>): CollectionImageRow => ({
	collectionId: r.collectionId,
	imageId: r.imageId,
	addedAt: r.addedAt
});

const tomb = (entity: Entity, id: string, seq: number): Change => ({
	entity,
	id,
	seq,
	deleted: true
});
const row = (entity: Entity, id: string, seq: number, value: object): Change => ({
	entity,
	id,
	seq,
	row: value as Record<string, unknown>
});

/** Every record as a change, merged in seq order. */
export function toChanges(tables: TableRows): Change[] {
	const changes: Change[] = [
		...tables.prompt.map((r) =>
			r.discardedAt !== null
				? tomb('prompt', r.id, r.seq)
				: row('prompt', r.id, r.seq, promptRow(r))
		),
		...tables.image.map((r) =>
			r.discardedAt !== null ? tomb('image', r.id, r.seq) : row('image', r.id, r.seq, imageRow(r))
		),
		...tables.job.map((r) => row('job', r.id, r.seq, jobRow(r))),
		...tables.jobItem.map((r) => row('jobItem', r.id, r.seq, jobItemRow(r))),
		...tables.collection.map((r) =>
			r.discardedAt !== null
				? tomb('collection', r.id, r.seq)
				: row('collection', r.id, r.seq, collectionRow(r))
		),
		...tables.collectionImage.map((r) =>
			r.deletedAt !== null
				? tomb('collectionImage', memberId(r), r.seq)
				: row('collectionImage', memberId(r), r.seq, memberRow(r))
		)
	];
	return changes.sort((a, b) => a.seq - b.seq);
}
