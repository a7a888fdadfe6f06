import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema into drizzle/ and committed; never hand-edited.
export default defineConfig({
	dialect: 'postgresql',
	schema: './server/db/schema/index.ts',
	out: './drizzle'
});
