/** A TCP port on 127.0.0.1 that nothing listens on right now, for a process a test starts itself. */
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
	return new Promise<number>((resolve) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}
