/**
 * The manifest that goes into a ZIP of images: one entry per image with its file name, prompt,
 * model, parameters, seed, date and price, as JSON (exact) and CSV (for spreadsheets).
 */
import type { ImageRow } from '../shared/schemas/rows';

/** One image's line in the manifest. `file` is empty when its original could not be had. */
export interface ManifestEntry {
	file: string;
	id: string;
	prompt: string;
	negativePrompt: string;
	model: string;
	params: ImageRow['params'];
	seed: number | null;
	/** ISO 8601. */
	createdAt: string;
	price: number;
	sha256: string;
	status: 'included' | 'missing';
}

/** The manifest entry for an image written as `file` (or '' when missing). */
export function manifestEntry(image: ImageRow, file: string): ManifestEntry {
	return {
		file,
		id: image.id,
		prompt: image.prompt,
		negativePrompt: image.params.negativePrompt ?? '',
		model: image.model,
		params: image.params,
		seed: image.params.seed ?? null,
		createdAt: new Date(image.createdAt).toISOString(),
		price: image.price,
		sha256: image.sha256,
		status: file ? 'included' : 'missing'
	};
}

/** manifest.json: `{ app, exportedAt, images: [...] }`, indented. */
export function manifestJson(
	entries: readonly ManifestEntry[],
	meta: { appVersion: string; exportedAt: number }
): string {
	return JSON.stringify(
		{
			app: `Nano Banana Studio ${meta.appVersion}`,
			exportedAt: new Date(meta.exportedAt).toISOString(),
			images: entries
		},
		null,
		2
	);
}

const CSV_COLUMNS = [
	'file',
	'prompt',
	'negative_prompt',
	'model',
	'params',
	'seed',
	'created_at',
	'price',
	'sha256',
	'status'
] as const;

/**
 * A CSV cell per RFC 4180. A cell a spreadsheet would run as a formula (=, +, -, @ first) gets a
 * leading apostrophe (OWASP "CSV injection"); manifest.json keeps the exact text.
 */
function cell(value: string | number | null): string {
	let text = value === null ? '' : String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** manifest.csv, UTF-8 with a byte-order mark so spreadsheet apps read Chinese text right. */
export function manifestCsv(entries: readonly ManifestEntry[]): string {
	const rows = entries.map((e) =>
		[
			e.file,
			e.prompt,
			e.negativePrompt,
			e.model,
			JSON.stringify(e.params),
			e.seed,
			e.createdAt,
			e.price,
			e.sha256,
			e.status
		]
			.map(cell)
			.join(',')
	);
	return `\uFEFF${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
