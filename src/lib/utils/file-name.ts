/**
 * A download file name for an image: app prefix, local date and time, a slug of the prompt and
 * the extension of its type — e.g. `nano-banana-20261124-162233-a-lighthouse-at-dusk.png`.
 */

const EXTENSIONS: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/webp': 'webp',
	'image/gif': 'gif',
	'image/avif': 'avif'
};
const SLUG_LENGTH = 40;

const pad = (n: number) => String(n).padStart(2, '0');

/** Letters and digits of any script, joined by single dashes, at most {@link SLUG_LENGTH} long. */
export function slugify(text: string): string {
	const slug = text
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, '-')
		.replace(/^-+|-+$/g, '');
	return Array.from(slug).slice(0, SLUG_LENGTH).join('').replace(/-+$/, '');
}

/** The file name for an image made at `createdAt` (ms) from `prompt`, of type `mime`. */
export function imageFileName(image: { prompt: string; createdAt: number; mime: string }): string {
	const d = new Date(image.createdAt);
	const stamp = `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
	const extension = EXTENSIONS[image.mime] ?? 'png';
	const slug = slugify(image.prompt);
	return `nano-banana-${stamp}${slug ? `-${slug}` : ''}.${extension}`;
}
