import { describe, expect, it } from 'vitest';
import { parseCsvRows, parsePromptCsv, parsePromptFile, parsePromptLines } from './prompt-import';

describe('prompt import', () => {
	it('reads one prompt per line from TXT, skipping blanks and # comments', () => {
		expect(parsePromptLines('a cat\r\n\n# note\n  a dog  \n', 2)).toEqual([
			{ prompt: 'a cat', count: 2 },
			{ prompt: 'a dog', count: 2 }
		]);
	});

	it('parses CSV quotes, doubled quotes, commas and line breaks inside fields', () => {
		expect(
			parseCsvRows('\uFEFFprompt,count\r\n"a cat, sleeping",2\n"say ""hi""\nplease",1\n')
		).toEqual([
			['prompt', 'count'],
			['a cat, sleeping', '2'],
			['say "hi"\nplease', '1']
		]);
	});

	it('uses the prompt and count columns when the CSV has a header', () => {
		expect(parsePromptCsv('id,prompt,count\n1,a cat,3\n2,a dog,\n3,,5\n', 1)).toEqual([
			{ prompt: 'a cat', count: 3 },
			{ prompt: 'a dog', count: 1 }
		]);
	});

	it('takes the first column of every row when there is no header', () => {
		expect(parsePromptCsv('a cat,x\na dog,y', 2)).toEqual([
			{ prompt: 'a cat', count: 2 },
			{ prompt: 'a dog', count: 2 }
		]);
	});

	it('caps a CSV count at 100 and picks the parser by file name', () => {
		expect(parsePromptFile('list.CSV', 'prompt,count\nx,5000')).toEqual([
			{ prompt: 'x', count: 100 }
		]);
		expect(parsePromptFile('list.txt', 'x,5000')).toEqual([{ prompt: 'x,5000', count: 1 }]);
	});
});
