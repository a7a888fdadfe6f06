/** Process entry: env → database → migrate → listen → graceful shutdown on SIGTERM/SIGINT. */
import { parseEnv } from './env';
import { createRuntime } from './bootstrap';
import { createRelay } from './app';
import { DataDirLockedError } from './db/data-dir-lock';

async function main(): Promise<void> {
	let env;
	try {
		env = parseEnv();
	} catch (error) {
		console.error((error as Error).message);
		process.exit(1);
	}
	const started = performance.now();
	let runtime;
	try {
		runtime = await createRuntime(env);
	} catch (error) {
		if (error instanceof DataDirLockedError) {
			console.error(error.message);
			process.exit(1);
		}
		throw error;
	}
	const relay = createRelay(runtime.deps);
	const url = await relay.listen();
	runtime.deps.logger.info(
		{ url, ms: Math.round(performance.now() - started), database: runtime.deps.database.kind },
		'relay ready'
	);
	console.log(`\n  Nano Banana Studio is running at ${url}\n`);

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		runtime.deps.logger.info({ signal }, 'shutting down');
		await relay.close();
		await runtime.shutdown();
		process.exit(0);
	};
	process.on('SIGTERM', () => void stop('SIGTERM'));
	process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
