/**
 * Operator-controlled data: system settings (override env and the model catalogue at run time),
 * redeem codes and their redemptions, and the preset prompts every user sees read-only.
 */
import {
	bigint,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	uuid
} from 'drizzle-orm/pg-core';
import { users } from './users';

/** One row per setting; `value` is validated by the settings service, never trusted raw. */
export const settings = pgTable('settings', {
	key: text('key').primaryKey(),
	value: jsonb('value').notNull(),
	updatedBy: uuid('updated_by'),
	updatedAt: bigint('updated_at', { mode: 'number' }).notNull()
});

export const redeemCodes = pgTable('redeem_codes', {
	id: uuid('id').primaryKey(),
	/** Stored normalised (upper case, no spaces or dashes). */
	code: text('code').notNull().unique(),
	credits: integer('credits').notNull(),
	maxUses: integer('max_uses').notNull().default(1),
	uses: integer('uses').notNull().default(0),
	expiresAt: bigint('expires_at', { mode: 'number' }),
	note: text('note'),
	disabledAt: bigint('disabled_at', { mode: 'number' }),
	createdBy: uuid('created_by'),
	createdAt: bigint('created_at', { mode: 'number' }).notNull()
});

/** A user redeems a code at most once: the primary key enforces it. */
export const redemptions = pgTable(
	'redemptions',
	{
		codeId: uuid('code_id')
			.notNull()
			.references(() => redeemCodes.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		credits: integer('credits').notNull(),
		createdAt: bigint('created_at', { mode: 'number' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.codeId, t.userId] })]
);

export const presetPrompts = pgTable(
	'preset_prompts',
	{
		id: uuid('id').primaryKey(),
		title: text('title').notNull(),
		text: text('text').notNull(),
		negativePrompt: text('negative_prompt').notNull().default(''),
		category: text('category').notNull().default(''),
		tags: jsonb('tags').$type<string[]>().notNull().default([]),
		model: text('model'),
		/** Display order; smaller first. */
		position: integer('position').notNull().default(0),
		createdAt: bigint('created_at', { mode: 'number' }).notNull(),
		updatedAt: bigint('updated_at', { mode: 'number' }).notNull()
	},
	(t) => [index('preset_prompts_position_idx').on(t.position)]
);
