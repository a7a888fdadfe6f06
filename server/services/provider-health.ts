/**
 * What the relay last learned about each provider's account: a rejected key or an empty balance
 * is the operator's problem, so it is remembered here, logged loudly and shown on /readyz.
 * In memory per process; the next success clears it.
 */
import type { ErrorCode } from '#shared/protocol';

/** Codes that mean the operator (not the user) must act. */
const OPERATOR_CODES: readonly ErrorCode[] = ['PROVIDER_KEY_INVALID', 'PROVIDER_OUT_OF_FUNDS'];

export interface ProviderProblem {
	code: ErrorCode;
	since: number;
}

export interface ProviderHealth {
	/** Records an outcome; returns true when it is a new operator-facing problem. */
	record(provider: string, outcome: ErrorCode | 'ok', now: number): boolean;
	problems(): Record<string, ProviderProblem>;
}

export function createProviderHealth(): ProviderHealth {
	const problems = new Map<string, ProviderProblem>();
	return {
		record(provider, outcome, now) {
			if (outcome === 'ok') {
				problems.delete(provider);
				return false;
			}
			if (!OPERATOR_CODES.includes(outcome)) return false;
			const isNew = problems.get(provider)?.code !== outcome;
			if (isNew) problems.set(provider, { code: outcome, since: now });
			return isNew;
		},
		problems: () => Object.fromEntries(problems)
	};
}
