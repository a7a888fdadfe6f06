/**
 * Prompts from files other tools made: ComfyUI (`prompt` API graph / `workflow` UI graph JSON)
 * and InvokeAI (`invokeai_metadata` JSON). Gives at least the prompt; seed, size and negative
 * prompt when the file has them plainly. Never throws: a shape we do not know gives null.
 */
import { ratioOfSize } from './a1111';
import { sanitizeParams, type RestoredSettings } from './record';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

function parse(text: string | undefined): unknown {
	if (text === undefined) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function settings(
	origin: RestoredSettings['origin'],
	fields: {
		prompt: string;
		negativePrompt?: string;
		model?: string;
		seed?: unknown;
		width?: unknown;
		height?: unknown;
	}
): RestoredSettings {
	const negativePrompt = fields.negativePrompt ?? '';
	const size =
		typeof fields.width === 'number' && typeof fields.height === 'number'
			? `${fields.width}x${fields.height}`
			: undefined;
	const params = sanitizeParams({
		seed: fields.seed,
		aspectRatio: ratioOfSize(size),
		negativePrompt: negativePrompt || undefined
	});
	return {
		origin,
		prompt: fields.prompt,
		negativePrompt,
		model: fields.model ?? '',
		params,
		sourceHashes: []
	};
}

/** Settings from ComfyUI's text chunks, or null when neither graph holds a prompt. */
export function parseComfyUi(texts: Map<string, string>): RestoredSettings | null {
	const graph = parse(texts.get('prompt'));
	if (isObject(graph)) {
		const found = fromApiGraph(graph);
		if (found) return found;
	}
	const workflow = parse(texts.get('workflow'));
	if (isObject(workflow) && Array.isArray(workflow.nodes)) {
		const texts = workflow.nodes
			.filter(
				(node): node is Json =>
					isObject(node) && typeof node.type === 'string' && node.type.startsWith('CLIPTextEncode')
			)
			.map((node): unknown =>
				Array.isArray(node.widgets_values) ? node.widgets_values[0] : undefined
			)
			.filter((value): value is string => typeof value === 'string');
		if (texts.length > 0)
			return settings('comfyui', { prompt: texts[0], negativePrompt: texts[1] });
	}
	return null;
}

/** The API graph: follow a sampler's `positive`/`negative` links to their text-encode nodes. */
function fromApiGraph(graph: Json): RestoredSettings | null {
	const nodes = Object.values(graph).filter(isObject);
	const textOf = (link: unknown): string | undefined => {
		if (!Array.isArray(link)) return undefined;
		const node = graph[String(link[0])];
		if (!isObject(node) || !isObject(node.inputs)) return undefined;
		const text = node.inputs.text ?? node.inputs.text_g;
		return typeof text === 'string' ? text : undefined;
	};
	const sampler = nodes.find(
		(node) => isObject(node.inputs) && Array.isArray(node.inputs.positive)
	);
	const inputs = sampler && isObject(sampler.inputs) ? sampler.inputs : undefined;
	const prompt =
		textOf(inputs?.positive) ??
		nodes
			.map((node) => (isObject(node.inputs) ? node.inputs.text : undefined))
			.find((t): t is string => typeof t === 'string');
	if (prompt === undefined) return null;
	const latent = nodes.find(
		(node) => isObject(node.inputs) && typeof node.inputs.width === 'number'
	);
	const size = latent && isObject(latent.inputs) ? latent.inputs : {};
	const checkpoint = nodes.find(
		(node) => isObject(node.inputs) && typeof node.inputs.ckpt_name === 'string'
	);
	return settings('comfyui', {
		prompt,
		negativePrompt: textOf(inputs?.negative),
		seed: inputs?.seed ?? inputs?.noise_seed,
		width: size.width,
		height: size.height,
		model:
			checkpoint && isObject(checkpoint.inputs) ? String(checkpoint.inputs.ckpt_name) : undefined
	});
}

/** Settings from InvokeAI's `invokeai_metadata` (v3+), or null. */
export function parseInvokeAi(texts: Map<string, string>): RestoredSettings | null {
	const meta = parse(texts.get('invokeai_metadata'));
	if (!isObject(meta) || typeof meta.positive_prompt !== 'string') return null;
	const model = isObject(meta.model) ? (meta.model.name ?? meta.model.model_name) : meta.model;
	return settings('invokeai', {
		prompt: meta.positive_prompt,
		negativePrompt: typeof meta.negative_prompt === 'string' ? meta.negative_prompt : undefined,
		seed: meta.seed,
		width: meta.width,
		height: meta.height,
		model: typeof model === 'string' ? model : undefined
	});
}
