import sharp from 'sharp';
import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readProvenance } from './read';

/** A PNG chunk built byte by byte (independent of our writer). */
function chunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

const tEXt = (keyword: string, text: string) =>
	chunk(
		'tEXt',
		Buffer.concat([Buffer.from(`${keyword}\0`, 'latin1'), Buffer.from(text, 'latin1')])
	);
const zTXt = (keyword: string, text: string) =>
	chunk(
		'zTXt',
		Buffer.concat([
			Buffer.from(`${keyword}\0\0`, 'latin1'),
			deflateSync(Buffer.from(text, 'latin1'))
		])
	);
const compressedITXt = (keyword: string, text: string) =>
	chunk(
		'iTXt',
		Buffer.concat([
			Buffer.from(`${keyword}\0\x01\x00zh\0\0`, 'latin1'),
			deflateSync(Buffer.from(text, 'utf8'))
		])
	);

/** A real 8×8 PNG from sharp with extra chunks spliced in after IHDR, as the other tools do. */
async function pngWith(...extra: Buffer[]): Promise<Uint8Array> {
	const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } })
		.png()
		.toBuffer();
	const ihdrEnd = 8 + 12 + png.readUInt32BE(8);
	return new Uint8Array(Buffer.concat([png.subarray(0, ihdrEnd), ...extra, png.subarray(ihdrEnd)]));
}

describe('readProvenance with files from other tools', () => {
	it('reads an AUTOMATIC1111 `parameters` text', async () => {
		const parameters =
			'masterpiece, a red fox in snow, (detailed:1.2)\nNegative prompt: blurry, lowres\nSteps: 28, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 1234567, Size: 768x512, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Version: v1.6.0';
		const sut = await readProvenance(await pngWith(tEXt('parameters', parameters)));
		expect(sut).toMatchObject({
			origin: 'automatic1111',
			prompt: 'masterpiece, a red fox in snow, (detailed:1.2)',
			negativePrompt: 'blurry, lowres',
			model: 'v1-5-pruned-emaonly',
			params: { seed: 1234567, aspectRatio: '3:2', negativePrompt: 'blurry, lowres' }
		});
	});

	it('reads an A1111 prompt with no settings line, from a compressed zTXt chunk', async () => {
		const sut = await readProvenance(
			await pngWith(zTXt('parameters', 'just a prompt\nover two lines'))
		);
		expect(sut).toMatchObject({
			origin: 'automatic1111',
			prompt: 'just a prompt\nover two lines',
			negativePrompt: ''
		});
	});

	it("reads a ComfyUI API graph: the sampler's positive and negative text, seed and size", async () => {
		const graph = {
			'3': {
				class_type: 'KSampler',
				inputs: {
					seed: 156680208700286,
					steps: 20,
					cfg: 8,
					sampler_name: 'euler',
					model: ['4', 0],
					positive: ['6', 0],
					negative: ['7', 0],
					latent_image: ['5', 0]
				}
			},
			'4': {
				class_type: 'CheckpointLoaderSimple',
				inputs: { ckpt_name: 'sd_xl_base_1.0.safetensors' }
			},
			'5': { class_type: 'EmptyLatentImage', inputs: { width: 1024, height: 1024, batch_size: 1 } },
			'7': { class_type: 'CLIPTextEncode', inputs: { text: 'text, watermark', clip: ['4', 1] } },
			'6': {
				class_type: 'CLIPTextEncode',
				inputs: { text: 'beautiful scenery nature glass bottle landscape', clip: ['4', 1] }
			}
		};
		const workflow = {
			nodes: [{ id: 6, type: 'CLIPTextEncode', widgets_values: ['ignored when the graph has it'] }]
		};
		const sut = await readProvenance(
			await pngWith(
				tEXt('prompt', JSON.stringify(graph)),
				tEXt('workflow', JSON.stringify(workflow))
			)
		);
		// The seed is above our 32-bit range, so it is not carried over; the prompt and size are.
		expect(sut).toEqual({
			origin: 'comfyui',
			prompt: 'beautiful scenery nature glass bottle landscape',
			negativePrompt: 'text, watermark',
			model: 'sd_xl_base_1.0.safetensors',
			params: { aspectRatio: '1:1', negativePrompt: 'text, watermark' },
			sourceHashes: []
		});
	});

	it('reads a ComfyUI file that has only the UI workflow', async () => {
		const workflow = {
			nodes: [
				{ id: 2, type: 'CLIPTextEncode', widgets_values: ['a castle on a hill'] },
				{ id: 3, type: 'KSampler', widgets_values: [1, 'fixed'] }
			]
		};
		expect(
			(await readProvenance(await pngWith(tEXt('workflow', JSON.stringify(workflow)))))?.prompt
		).toBe('a castle on a hill');
	});

	it('reads InvokeAI metadata, also from a compressed UTF-8 iTXt chunk', async () => {
		const meta = {
			generation_mode: 'txt2img',
			positive_prompt: '一只在雪地里的狐狸',
			negative_prompt: 'blurry',
			width: 1216,
			height: 832,
			seed: 3079158041,
			model: { name: 'Juggernaut XL v9', base: 'sdxl' },
			steps: 30
		};
		const sut = await readProvenance(
			await pngWith(compressedITXt('invokeai_metadata', JSON.stringify(meta)))
		);
		expect(sut).toMatchObject({
			origin: 'invokeai',
			prompt: '一只在雪地里的狐狸',
			negativePrompt: 'blurry',
			model: 'Juggernaut XL v9',
			params: { seed: 3079158041 }
		});
	});

	it('gives null for text chunks it does not know', async () => {
		expect(
			await readProvenance(
				await pngWith(tEXt('Software', 'GIMP 2.10'), tEXt('prompt', '{not json'))
			)
		).toBeNull();
	});
});
