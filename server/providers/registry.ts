/**
 * Builds the provider adapters the environment configures (an account is configured when its key
 * is set — OPENROUTER_API_KEY enables both OpenRouter modes; the demo when DEMO_PROVIDER says so)
 * and the catalogue filtered to them. The accounts come from the one list in accounts.ts. Start-up only.
 */
import type { Env } from '../env';
import {
	PROVIDER_ACCOUNTS,
	type ProviderAccountId,
	type ProviderBaseUrlEnv,
	type ProviderKeyEnv
} from './accounts';
import type { ImageProvider } from './provider';
import { loadCatalogue, type Catalogue, type ProviderName } from './catalogue';
import { createDemoProvider } from './demo';
import { createOpenRouterProvider } from './openrouter';
import { createOpenRouterImagesProvider } from './openrouter-images';
import { createOpenAIImagesProvider } from './openai-images';
import { createArkProvider } from './ark';
import { createGeminiProvider } from './gemini';

/** The environment fields the registry reads. */
export type RegistryEnv = Pick<
	Env,
	'DEMO_PROVIDER' | 'DEMO_LATENCY_MS' | 'MODELS_FILE' | ProviderKeyEnv | ProviderBaseUrlEnv
>;

/** What an account's adapters are made with. */
interface AccountConfig {
	apiKey: string;
	baseUrl: string | undefined;
	fetch: typeof globalThis.fetch;
}

/** Every account's adapters by catalogue provider name; the compiler checks that no account is missing. */
const ADAPTERS: Record<
	ProviderAccountId,
	(config: AccountConfig) => Partial<Record<ProviderName, ImageProvider>>
> = {
	openrouter: (config) => {
		const openRouter = { ...config, appTitle: APP_TITLE };
		return {
			openrouter: createOpenRouterProvider(openRouter),
			'openrouter-images': createOpenRouterImagesProvider(openRouter)
		};
	},
	openai: (config) => ({ openai: createOpenAIImagesProvider(config) }),
	ark: (config) => ({ ark: createArkProvider(config) }),
	gemini: (config) => ({ gemini: createGeminiProvider(config) })
};

export interface ProviderRegistry {
	/** Adapters by catalogue provider name. */
	providers: Map<string, ImageProvider>;
	catalogue: Catalogue;
	/** Names of the configured providers, in a stable order. */
	configured: ProviderName[];
}

/** Sent to OpenRouter as the app's attribution title. */
const APP_TITLE = 'Nano Banana Studio';

/** True when the demo provider should run: DEMO_PROVIDER `on`, or `auto` with no real key set. */
export function isDemoEnabled(env: RegistryEnv): boolean {
	if (env.DEMO_PROVIDER === 'on') return true;
	if (env.DEMO_PROVIDER === 'off') return false;
	return !PROVIDER_ACCOUNTS.some((account) => env[account.keyEnv]);
}

/**
 * Creates every configured adapter and loads the catalogue for them.
 * @param fetch used by every network adapter (tests pass one that reaches the fake provider).
 * @throws Error when MODELS_FILE is unreadable or invalid (see {@link loadCatalogue}).
 */
export function createProviderRegistry(options: {
	env: RegistryEnv;
	fetch?: typeof globalThis.fetch;
}): ProviderRegistry {
	const { env } = options;
	const fetch = options.fetch ?? globalThis.fetch;
	const providers = new Map<ProviderName, ImageProvider>();

	if (isDemoEnabled(env))
		providers.set('demo', createDemoProvider({ latencyMs: env.DEMO_LATENCY_MS }));
	for (const account of PROVIDER_ACCOUNTS) {
		const apiKey = env[account.keyEnv];
		if (!apiKey) continue;
		for (const [name, adapter] of Object.entries(
			ADAPTERS[account.id]({ apiKey, baseUrl: env[account.baseUrlEnv], fetch })
		)) {
			if (adapter) providers.set(name as ProviderName, adapter);
		}
	}

	const configured = [...providers.keys()];
	const catalogue = loadCatalogue({
		modelsFile: env.MODELS_FILE,
		configuredProviders: new Set(configured)
	});
	return { providers: new Map(providers), catalogue, configured };
}
