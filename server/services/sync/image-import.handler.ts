/**
 * `image.import` on the relay. The client uploads the file first (PUT /blob checks the hash and the
 * type, strips metadata, makes the thumbnail), then pushes this mutation naming the stored hashes.
 * So a hash this user cannot read is never "not uploaded yet": it is a guess at someone else's
 * image, or bytes the person never sent. That is refused for good (NOT_FOUND) rather than retried,
 * which would stall every later mutation of the outbox behind it. Size, type and dimensions come
 * from the relay's own blob record, never from the client.
 */
import { ImageImportArgsSchema } from '#shared/mutations/image-import.args';
import { findReadableBlob } from '../../db/repositories/blobs.repository';
import {
	hasImageWithBytes,
	imageOwner,
	insertImportedImage
} from '../../db/repositories/sync/image-import.repository';
import { defineHandler, MutationRejected, type MutationHandler } from './mutation-context';

export const imageImportHandlers: Record<string, MutationHandler> = {
	'image.import': defineHandler(ImageImportArgsSchema, async (ctx, args) => {
		const id = args.id.toLowerCase();
		const owner = await imageOwner(ctx.db, id);
		if (owner === ctx.userId) return; // a resend of an applied import
		if (owner) throw new MutationRejected('CONFLICT', 'That image id is taken.');
		const original = await findReadableBlob(ctx.db, ctx.userId, args.sha256);
		const thumb = await findReadableBlob(ctx.db, ctx.userId, args.thumbSha256);
		if (!original || !thumb)
			throw new MutationRejected(
				'NOT_FOUND',
				'The image is not on the relay; import the file again.'
			);
		if (!original.mime.startsWith('image/') || !thumb.mime.startsWith('image/'))
			throw new MutationRejected('INVALID', 'Only images can be imported.');
		if (await hasImageWithBytes(ctx.db, ctx.userId, args.sha256))
			throw new MutationRejected('CONFLICT', 'This image is already in the gallery.');
		const createdAt = Math.min(args.createdAt ?? ctx.now, ctx.now);
		await insertImportedImage(ctx.db, {
			id,
			userId: ctx.userId,
			generationId: null,
			outputIndex: 0,
			sha256: args.sha256,
			thumbSha256: args.thumbSha256,
			width: original.width ?? args.width,
			height: original.height ?? args.height,
			mime: original.mime,
			bytes: original.bytesLen,
			model: args.model,
			prompt: args.prompt,
			params: args.params,
			sourceHashes: [],
			price: 0,
			createdAt,
			updatedAt: ctx.now
		});
	})
};
