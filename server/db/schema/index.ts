/** Every drizzle table, for drizzle-kit and the db client. Never imported by src/. */
export * from './users';
export * from './credits';
export * from './generations';
export * from './images';
export * from './blobs';
export * from './sync';
export * from './limits';
export * from './admin';
export * from './prompts';
export * from './collections';
export * from './jobs';
export * from './api-keys';
