/** Wire shapes of accounts: register, sign in, and the signed-in user. */
import { z } from 'zod';

export const EmailSchema = z
	.string()
	.trim()
	.toLowerCase()
	.max(254)
	.pipe(z.email('Enter a valid email address'));

/** 8–256 characters: long enough to matter, short enough that hashing stays cheap. */
export const PasswordSchema = z
	.string()
	.min(8, 'At least 8 characters')
	.max(256, 'At most 256 characters');

export const RegisterInputSchema = z
	.object({
		email: EmailSchema,
		password: PasswordSchema,
		displayName: z.string().trim().max(80).optional()
	})
	.strict();
export type RegisterInput = z.infer<typeof RegisterInputSchema>;

export const SignInInputSchema = z
	.object({ email: EmailSchema, password: z.string().max(256) })
	.strict();
export type SignInInput = z.infer<typeof SignInInputSchema>;

export const ROLES = ['user', 'admin'] as const;

export const MeSchema = z.object({
	id: z.string(),
	email: z.string(),
	displayName: z.string().nullable(),
	role: z.enum(ROLES),
	credits: z.number().int()
});
export type Me = z.infer<typeof MeSchema>;
