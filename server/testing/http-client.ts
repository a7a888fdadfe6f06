/** A tRPC client over real HTTP that keeps the session cookie like a browser would (tests only). */
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { CLIENT_HEADER } from '#shared/protocol';
import type { AppRouter } from '../trpc/router';

export function httpClient(url: string) {
	let cookie = '';
	const client = createTRPCClient<AppRouter>({
		links: [
			httpBatchLink({
				url: `${url}/trpc`,
				headers: () => ({ [CLIENT_HEADER]: '1', ...(cookie ? { cookie } : {}) }),
				fetch: async (input, init) => {
					const res = await fetch(input, init);
					const set = res.headers.get('set-cookie');
					if (set) cookie = set.split(';')[0];
					return res;
				}
			})
		]
	});
	return { client, cookie: () => cookie };
}
