/**
 * The AUTOMATIC1111 `parameters` text: the prompt, a "Negative prompt: …" line, then one line of
 * `Key: value` pairs. We write it so other tools show our prompt and settings, and read it from
 * files those tools made. There is no Steps/Sampler/CFG in our models, so those keys are not
 * invented; A1111's own reader needs only three pairs on the last line.
 * @see https://github.com/AUTOMATIC1111/stable-diffusion-webui/blob/master/modules/infotext_utils.py
 */
import { ASPECT_RATIOS, type AspectRatio } from '../shared/schemas/catalogue';
import type { GenerationParams } from '../shared/schemas/generate';
import { sanitizeParams, type ProvenanceRecord, type RestoredSettings } from './record';

const NEGATIVE = 'Negative prompt:';
// A1111's re_param: `key: value` where value is a JSON string or runs to the next comma.
const PAIR = /\s*([\w ]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)/g;

/** A1111 quotes a value holding a comma, colon or newline as a JSON string. */
const quote = (value: string) => (/[,:\n]/.test(value) ? JSON.stringify(value) : value);

/** The `parameters` text for a record. */
export function formatA1111Parameters(record: ProvenanceRecord): string {
	const p = record.params as Partial<GenerationParams>;
	const pairs: [string, string | number | undefined][] = [
		['Seed', record.seed ?? undefined],
		['Size', record.width && record.height ? `${record.width}x${record.height}` : undefined],
		['Model', record.model],
		['Aspect ratio', p.aspectRatio],
		['Quality', p.quality],
		['Resolution', p.size],
		['Denoising strength', p.strength],
		// The prompt above is the final one (styles already applied); this only names them.
		['Styles', p.styles?.length ? p.styles.map((style) => style.name).join(', ') : undefined],
		['Version', `Nano Banana Studio ${record.appVersion}`]
	];
	const line = pairs
		.filter(([, v]) => v !== undefined && v !== '')
		.map(([k, v]) => `${k}: ${quote(String(v))}`)
		.join(', ');
	const negative = record.negativePrompt ? `\n${NEGATIVE} ${record.negativePrompt}` : '';
	return `${record.prompt}${negative}\n${line}`;
}

/** Settings from an A1111 `parameters` text (prompt always; seed, size → ratio, model when present). */
export function parseA1111Parameters(text: string): RestoredSettings {
	const lines = text.trim().split('\n');
	let pairs = new Map<string, string>();
	const last = lines.at(-1) ?? '';
	const found = [...last.matchAll(PAIR)].filter((m) => m[1].trim() && m[0].trim());
	if (lines.length > 1 && found.length >= 3) {
		pairs = new Map(found.map((m) => [m[1].trim(), unquote(m[2].trim())]));
		lines.pop();
	}
	const negativeAt = lines.findIndex((line) => line.startsWith(NEGATIVE));
	const prompt = (negativeAt < 0 ? lines : lines.slice(0, negativeAt)).join('\n').trim();
	const negativePrompt =
		negativeAt < 0 ? '' : lines.slice(negativeAt).join('\n').slice(NEGATIVE.length).trim();
	const raw: Record<string, unknown> = {
		seed: toNumber(pairs.get('Seed')),
		aspectRatio: pairs.get('Aspect ratio') ?? ratioOfSize(pairs.get('Size')),
		quality: pairs.get('Quality'),
		size: pairs.get('Resolution'),
		strength: toNumber(pairs.get('Denoising strength')),
		negativePrompt: negativePrompt || undefined
	};
	return {
		origin: 'automatic1111',
		prompt,
		negativePrompt,
		model: pairs.get('Model') ?? '',
		params: sanitizeParams(raw),
		sourceHashes: []
	};
}

function unquote(value: string): string {
	if (!value.startsWith('"')) return value;
	try {
		return String(JSON.parse(value));
	} catch {
		return value;
	}
}

function toNumber(value: string | undefined): number | undefined {
	const n = value === undefined ? NaN : Number(value);
	return Number.isFinite(n) ? n : undefined;
}

/** `1024x768` → `4:3` when that ratio is one we offer; else undefined. */
export function ratioOfSize(size: string | undefined): AspectRatio | undefined {
	const match = /^(\d+)x(\d+)$/.exec(size ?? '');
	if (!match) return undefined;
	const [w, h] = [Number(match[1]), Number(match[2])];
	return ASPECT_RATIOS.find((ratio) => {
		const [rw, rh] = ratio.split(':').map(Number);
		return Math.abs(w / h - rw / rh) < 0.01;
	});
}
