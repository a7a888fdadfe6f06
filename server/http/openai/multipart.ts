/**
 * Reads a multipart/form-data body of /v1/images/edits with @fastify/busboy (a maintained,
 * streaming parser): text fields, and files under `image` or `image[]`, each at most
 * MAX_UPLOAD_BYTES and the whole body bounded. Over a limit → 413 and the reading stops.
 */
import type { IncomingMessage } from 'node:http';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import { MAX_UPLOAD_BYTES } from '../blob-upload';
import { badParam, OpenAIError } from './errors';

/** Most images one edit may carry (the largest model cap in the catalogue). */
export const MAX_EDIT_IMAGES = 16;
/** The whole body: every image at its limit would be 240 MiB; no real edit needs that. */
export const MAX_EDIT_BODY_BYTES = 64 * 1024 * 1024;
const BODY_TIMEOUT_MS = 120_000;

export interface EditForm {
	fields: Record<string, string>;
	images: Uint8Array[];
}

const tooLarge = (what: string) =>
	new OpenAIError(
		413,
		'invalid_request_error',
		`${what} is too large (each image at most ${MAX_UPLOAD_BYTES} bytes, the request at most ${MAX_EDIT_BODY_BYTES}).`,
		'UPLOAD_REJECTED',
		'image'
	);

export function readEditForm(req: IncomingMessage): Promise<EditForm> {
	const type = req.headers['content-type'] ?? '';
	if (!type.toLowerCase().startsWith('multipart/form-data')) {
		return Promise.reject(
			badParam('image', 'An edit is sent as multipart/form-data with the images under image[].')
		);
	}
	const declared = Number(req.headers['content-length']);
	if (Number.isFinite(declared) && declared > MAX_EDIT_BODY_BYTES)
		return Promise.reject(tooLarge('The request'));

	return new Promise((resolve, reject) => {
		const fields: Record<string, string> = {};
		const images: Uint8Array[] = [];
		let received = 0;
		let settled = false;
		const fail = (error: OpenAIError) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			req.unpipe(parser);
			req.pause();
			reject(error);
		};
		const timer = setTimeout(
			() =>
				fail(
					new OpenAIError(
						408,
						'invalid_request_error',
						'The request body arrived too slowly.',
						'UPLOAD_REJECTED'
					)
				),
			BODY_TIMEOUT_MS
		);
		let parser: BusboyInstance;
		try {
			parser = new Busboy({
				headers: req.headers as { 'content-type': string },
				limits: {
					fileSize: MAX_UPLOAD_BYTES,
					files: MAX_EDIT_IMAGES,
					fields: 50,
					fieldSize: 64 * 1024,
					parts: MAX_EDIT_IMAGES + 50
				}
			});
		} catch {
			clearTimeout(timer);
			return reject(badParam('image', 'The multipart body could not be read (missing boundary?).'));
		}
		parser.on('file', (field, stream) => {
			if (field !== 'image' && field !== 'image[]') {
				stream.resume();
				return fail(
					badParam(
						field,
						field === 'mask'
							? "'mask' is not supported by this studio."
							: `Unexpected file field '${field}'; send images as image[].`,
						'PARAM_NOT_SUPPORTED'
					)
				);
			}
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('limit', () => fail(tooLarge('An image')));
			stream.on('end', () => {
				if (!stream.truncated) images.push(new Uint8Array(Buffer.concat(chunks)));
			});
		});
		parser.on('field', (name, value) => {
			fields[name === 'image[]' ? 'image' : name] = value;
		});
		parser.on('filesLimit', () =>
			fail(badParam('image', `At most ${MAX_EDIT_IMAGES} images per edit.`))
		);
		parser.on('fieldsLimit', () => fail(badParam('prompt', 'Too many form fields.')));
		parser.on('partsLimit', () => fail(badParam('image', 'Too many form parts.')));
		parser.on('error', () => fail(badParam('image', 'The multipart body could not be read.')));
		parser.on('finish', () => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			resolve({ fields, images });
		});
		req.on('data', (chunk: Buffer) => {
			received += chunk.length;
			if (received > MAX_EDIT_BODY_BYTES) fail(tooLarge('The request'));
		});
		req.on('aborted', () => fail(badParam('image', 'The upload was interrupted.')));
		req.pipe(parser);
	});
}
