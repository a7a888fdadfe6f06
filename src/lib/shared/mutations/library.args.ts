/**
 * Argument schemas of the image and collection mutations (SYNC §4.4). Like prompt.args.ts they are
 * a wire format: their meaning never changes; a new meaning gets a new name (SYNC §4.13).
 */
import { z } from 'zod';

const IdSchema = z.string().min(1).max(64);

export const MAX_COLLECTION_NAME = 120;
/** Most images one collection.add / collection.remove may name (push batches stay small). */
export const MAX_MEMBERSHIP_BATCH = 500;

export const ImageIdArgsSchema = z.object({ id: IdSchema }).strict();

/** The fields of an image a person may change; bytes and generation facts are immutable. */
export const ImageFieldsSchema = z
	.object({
		favourite: z.boolean(),
		/** 0 = unrated, 1–5 stars. */
		rating: z.number().int().min(0).max(5)
	})
	.strict();

export const ImagePatchArgsSchema = z
	.object({
		id: IdSchema,
		fields: ImageFieldsSchema.partial().refine(
			(fields) => Object.keys(fields).length > 0,
			'Nothing to change'
		)
	})
	.strict();

export const CollectionNameSchema = z
	.string()
	.trim()
	.min(1, 'Name is empty')
	.max(MAX_COLLECTION_NAME);

export const CollectionCreateArgsSchema = z
	.object({
		id: IdSchema,
		name: CollectionNameSchema,
		createdAt: z.number().int().nonnegative().optional()
	})
	.strict();

export const CollectionPatchArgsSchema = z
	.object({ id: IdSchema, fields: z.object({ name: CollectionNameSchema }).strict() })
	.strict();

export const CollectionIdArgsSchema = z.object({ id: IdSchema }).strict();

/** Membership rows keyed (collectionId, imageId): add = upsert, remove = tombstone (like tags). */
export const CollectionMembersArgsSchema = z
	.object({ id: IdSchema, imageIds: z.array(IdSchema).min(1).max(MAX_MEMBERSHIP_BATCH) })
	.strict();
