/**
 * An account for tests that never sign in (simulations make hundreds): created through the real
 * repository, with its sync_state row and starting credits, but without the argon2 hash. Test-only.
 */
import { uuidv7 } from '#shared/ids';
import type { Db } from '../db/client';
import { createUser, type UserRow } from '../db/repositories/users.repository';

/** Creates a user that cannot sign in (its password hash is not a hash). */
export async function createTestUser(
	db: Db,
	input: { email: string; credits: number; now: number }
): Promise<UserRow> {
	const user = await createUser(db, {
		id: uuidv7(input.now),
		email: input.email,
		displayName: null,
		passwordHash: 'not-a-hash:test-user',
		startingCredits: input.credits,
		makeAdmin: false,
		now: input.now
	});
	if (!user) throw new Error(`${input.email} exists already`);
	return user;
}
