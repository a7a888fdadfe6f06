/**
 * The one list of provider accounts the relay can hold a key for. Everything else derives from it:
 * the env schema (server/env.ts: a key and an optional base URL per account), the secrets the
 * logger redacts (SECRET_ENV_KEYS), the demo switch (the demo runs when no account has a key), and
 * the adapters (server/providers/registry.ts maps every account to its factories, checked by the
 * compiler). Adding a provider: the checklist in server/providers/CONTEXT.md.
 * Pure data: server/env.ts imports it, so it must not import adapters.
 */
export const PROVIDER_ACCOUNTS = [
	/** One key for both OpenRouter wire formats (chat completions and the Images API). */
	{ id: 'openrouter', keyEnv: 'OPENROUTER_API_KEY', baseUrlEnv: 'OPENROUTER_BASE_URL' },
	{ id: 'openai', keyEnv: 'OPENAI_API_KEY', baseUrlEnv: 'OPENAI_BASE_URL' },
	{ id: 'ark', keyEnv: 'ARK_API_KEY', baseUrlEnv: 'ARK_BASE_URL' },
	{ id: 'gemini', keyEnv: 'GEMINI_API_KEY', baseUrlEnv: 'GEMINI_BASE_URL' }
] as const;

export type ProviderAccount = (typeof PROVIDER_ACCOUNTS)[number];
export type ProviderAccountId = ProviderAccount['id'];
export type ProviderKeyEnv = ProviderAccount['keyEnv'];
export type ProviderBaseUrlEnv = ProviderAccount['baseUrlEnv'];

/** The env variables holding provider keys (secrets: redacted from every log line). */
export const PROVIDER_KEY_ENVS: readonly ProviderKeyEnv[] = PROVIDER_ACCOUNTS.map(
	(account) => account.keyEnv
);
