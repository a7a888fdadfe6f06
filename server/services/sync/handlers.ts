/** Every named mutation the relay applies (SYNC §4.4), by name. The set must match MUTATION_NAMES. */
import type { MutationHandler } from './mutation-context';
import { imageImportHandlers } from './image-import.handler';
import { jobHandlers } from './job.handlers';
import { libraryHandlers } from './library.handlers';
import { promptHandlers } from './prompt.handlers';

export const MUTATION_HANDLERS: ReadonlyMap<string, MutationHandler> = new Map(
	Object.entries({ ...promptHandlers, ...libraryHandlers, ...imageImportHandlers, ...jobHandlers })
);
