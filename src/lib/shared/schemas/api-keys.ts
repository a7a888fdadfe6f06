/** Wire shapes of personal API keys (issue 13), shared by the relay's router and the keys page. */
import { z } from 'zod';

/** Keys one person may hold at once (revoked ones do not count). */
export const MAX_ACTIVE_API_KEYS = 20;

export const CreateApiKeyInputSchema = z
	.object({
		name: z.string().trim().min(1).max(64),
		/** Most credits the key may spend; null or absent = the account's balance is the only limit. */
		creditCap: z.number().int().min(1).max(1_000_000).nullish(),
		/** Days until the key stops working; null or absent = never. */
		expiresInDays: z.number().int().min(1).max(3650).nullish()
	})
	.strict();
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInputSchema>;

/** A key as the list shows it: never the secret, never its hash. */
export const ApiKeySummarySchema = z.object({
	id: z.string(),
	name: z.string(),
	prefix: z.string(),
	createdAt: z.number(),
	lastUsedAt: z.number().nullable(),
	revokedAt: z.number().nullable(),
	expiresAt: z.number().nullable(),
	creditCap: z.number().nullable(),
	creditsUsed: z.number()
});
export type ApiKeySummary = z.infer<typeof ApiKeySummarySchema>;

/** The answer to create: the only time the secret is ever sent. */
export interface CreatedApiKey {
	key: ApiKeySummary;
	secret: string;
}
