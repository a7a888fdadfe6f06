/**
 * BENCH_TRACE=1 for bench:gallery: a Chrome performance trace of one phase, summarised as the
 * longest main-thread tasks and what filled them (layout, style, script by function, GC), so a
 * missed target points at its cause instead of a guess.
 */
interface TraceEvent {
	name: string;
	ph: string;
	ts: number;
	dur?: number;
	pid: number;
	tid: number;
	args?: { data?: { functionName?: string; url?: string; lineNumber?: number; type?: string } };
}

const label = (event: TraceEvent): string => {
	const data = event.args?.data;
	if (event.name === 'FunctionCall' || event.name === 'EvaluateScript')
		return `${event.name} ${data?.functionName || '(anon)'} ${(data?.url ?? '').split('/').pop()}:${data?.lineNumber ?? ''}`;
	if (event.name === 'EventDispatch' || event.name === 'TimerFire')
		return `${event.name} ${data?.type ?? ''}`;
	return event.name;
};

/** Prints the `top` longest tasks of the page's main thread with the biggest parts inside each. */
export function printLongTasks(traceJson: string, top = 5): void {
	const events = (JSON.parse(traceJson) as { traceEvents: TraceEvent[] }).traceEvents.filter(
		(e) => e.ph === 'X' && e.dur !== undefined
	);
	const tasks = events.filter((e) => e.name === 'RunTask' && e.dur! > 50_000);
	// The renderer main thread is the one with the most long tasks.
	const byThread = new Map<string, TraceEvent[]>();
	for (const task of tasks)
		byThread.set(`${task.pid}:${task.tid}`, [
			...(byThread.get(`${task.pid}:${task.tid}`) ?? []),
			task
		]);
	const [thread, longTasks] = [...byThread].sort((a, b) => b[1].length - a[1].length)[0] ?? [
		'',
		[]
	];
	const inThread = events.filter((e) => `${e.pid}:${e.tid}` === thread && e.name !== 'RunTask');
	console.log(`   trace: ${longTasks.length} tasks > 50 ms on the main thread`);
	for (const task of longTasks.sort((a, b) => b.dur! - a.dur!).slice(0, top)) {
		const end = task.ts + task.dur!;
		const parts = new Map<string, number>();
		for (const event of inThread) {
			if (event.ts < task.ts || event.ts + event.dur! > end) continue;
			const key = label(event);
			parts.set(key, (parts.get(key) ?? 0) + event.dur!);
		}
		const biggest = [...parts]
			.sort((a, b) => b[1] - a[1])
			.slice(0, 6)
			.map(([name, us]) => `${name} ${(us / 1000).toFixed(0)} ms`);
		console.log(`     ${(task.dur! / 1000).toFixed(0)} ms: ${biggest.join(' · ')}`);
	}
}
