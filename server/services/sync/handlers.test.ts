import { describe, expect, it } from 'vitest';
import { MUTATION_NAMES } from '#shared/schemas/sync';
import { MUTATION_HANDLERS } from './handlers';

describe('the mutation registry', () => {
	it('has a relay handler for every mutation name the app may send, and no other', () => {
		expect([...MUTATION_HANDLERS.keys()].sort()).toEqual([...MUTATION_NAMES].sort());
	});
});
