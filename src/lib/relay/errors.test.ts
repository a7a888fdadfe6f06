import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { relayError } from '../testing/fake-relay';
import { RelayHttpError, relayFailureOf } from './errors';

describe('relayFailureOf', () => {
	it('reads our code, its class and the wait when the relay sent them', () => {
		expect(relayFailureOf(relayError('PROVIDER_RATE_LIMITED', 5000))).toMatchObject({
			code: 'PROVIDER_RATE_LIMITED',
			retryable: true,
			retryAfterMs: 5000
		});
		expect(relayFailureOf(relayError('CONTENT_BLOCKED'))).toMatchObject({
			code: 'CONTENT_BLOCKED',
			retryable: false
		});
	});

	it('answers a retryable NETWORK when fetch itself failed', () => {
		expect(relayFailureOf(new TypeError('Failed to fetch'))).toMatchObject({
			code: 'NETWORK',
			retryable: true
		});
		expect(relayFailureOf(TRPCClientError.from(new TypeError('Failed to fetch')))).toMatchObject({
			code: 'NETWORK'
		});
	});

	it('derives a code from the HTTP status when the answer was not the relay’s tRPC shape', () => {
		const forbidden = new TRPCClientError('Forbidden', { meta: { response: { status: 403 } } });
		expect(relayFailureOf(forbidden).code).toBe('FORBIDDEN');
		expect(relayFailureOf(new RelayHttpError(404, 'x')).code).toBe('NOT_FOUND');
		expect(relayFailureOf(new RelayHttpError(502, 'x')).code).toBe('NETWORK');
	});

	it('falls back to INTERNAL when the error is unknown', () => {
		expect(relayFailureOf(new Error('boom'))).toMatchObject({ code: 'INTERNAL', retryable: true });
	});
});
