/** Wire shapes of the credits ledger a user can read about themselves. */
import { z } from 'zod';

export const LEDGER_KINDS = ['grant', 'charge', 'refund', 'redeem', 'adjust'] as const;

export const LedgerEntrySchema = z.object({
	id: z.string(),
	/** Signed change of the balance (negative for charges). */
	amount: z.number().int(),
	kind: z.enum(LEDGER_KINDS),
	reason: z.string().nullable(),
	generationId: z.string().nullable(),
	createdAt: z.number()
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

export const ListLedgerInputSchema = z
	.object({
		limit: z.number().int().min(1).max(200).default(50),
		beforeCreatedAt: z.number().int().optional()
	})
	.strict();
