CREATE TABLE "mutation_log" (
	"client_id" uuid NOT NULL,
	"mid" bigint NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"args" jsonb,
	"seq" bigint,
	"status" text NOT NULL,
	"error" jsonb,
	"at" bigint NOT NULL,
	CONSTRAINT "mutation_log_client_id_mid_pk" PRIMARY KEY("client_id","mid")
);
--> statement-breakpoint
CREATE TABLE "sync_clients" (
	"client_id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"last_mid" bigint DEFAULT 0 NOT NULL,
	"schema_version" integer NOT NULL,
	"created_at" bigint NOT NULL,
	"last_seen_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prompt_counters" (
	"user_id" uuid NOT NULL,
	"prompt_id" text NOT NULL,
	"usage_count" bigint DEFAULT 0 NOT NULL,
	"last_used_at" bigint,
	"seq" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "prompt_counters_user_id_prompt_id_pk" PRIMARY KEY("user_id","prompt_id")
);
--> statement-breakpoint
CREATE TABLE "prompt_revisions" (
	"user_id" uuid NOT NULL,
	"id" text NOT NULL,
	"prompt_id" text NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"text" text NOT NULL,
	"client_id" uuid,
	"mid" bigint,
	"created_at" bigint NOT NULL,
	CONSTRAINT "prompt_revisions_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
CREATE TABLE "prompt_tags" (
	"user_id" uuid NOT NULL,
	"prompt_id" text NOT NULL,
	"tag" text NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"deleted_at" bigint,
	CONSTRAINT "prompt_tags_user_id_prompt_id_tag_pk" PRIMARY KEY("user_id","prompt_id","tag")
);
--> statement-breakpoint
CREATE TABLE "prompts" (
	"user_id" uuid NOT NULL,
	"id" text NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"title" text NOT NULL,
	"text" text NOT NULL,
	"negative_prompt" text DEFAULT '' NOT NULL,
	"category" text DEFAULT '' NOT NULL,
	"favourite" boolean DEFAULT false NOT NULL,
	"model" text,
	"params" jsonb,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"deleted_at" bigint,
	"discarded_at" bigint,
	CONSTRAINT "prompts_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
CREATE TABLE "collection_images" (
	"user_id" uuid NOT NULL,
	"collection_id" text NOT NULL,
	"image_id" text NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"added_at" bigint NOT NULL,
	"deleted_at" bigint,
	CONSTRAINT "collection_images_user_id_collection_id_image_id_pk" PRIMARY KEY("user_id","collection_id","image_id")
);
--> statement-breakpoint
CREATE TABLE "collections" (
	"user_id" uuid NOT NULL,
	"id" text NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"name" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"deleted_at" bigint,
	"discarded_at" bigint,
	CONSTRAINT "collections_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
CREATE TABLE "job_items" (
	"user_id" uuid NOT NULL,
	"id" text NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"job_id" text NOT NULL,
	"item_index" integer NOT NULL,
	"prompt" text NOT NULL,
	"params" jsonb NOT NULL,
	"model" text NOT NULL,
	"source_hashes" jsonb NOT NULL,
	"label" text,
	"state" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" bigint DEFAULT 0 NOT NULL,
	"error" jsonb,
	"image_ids" jsonb NOT NULL,
	"request_id" text,
	"submitted_at" bigint,
	"finished_at" bigint,
	"round" integer DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"deleted_at" bigint,
	CONSTRAINT "job_items_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"user_id" uuid NOT NULL,
	"id" text NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"name" text NOT NULL,
	"model" text NOT NULL,
	"params" jsonb NOT NULL,
	"concurrency" integer NOT NULL,
	"state" text NOT NULL,
	"sort_order" double precision NOT NULL,
	"kind" text NOT NULL,
	"owner_client_id" text,
	"claim_epoch" integer DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"deleted_at" bigint,
	CONSTRAINT "jobs_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
ALTER TABLE "credit_ledger" ADD COLUMN "seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "images" ADD COLUMN "rating" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "images" ADD COLUMN "discarded_at" bigint;--> statement-breakpoint
ALTER TABLE "mutation_log" ADD CONSTRAINT "mutation_log_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_clients" ADD CONSTRAINT "sync_clients_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prompt_counters" ADD CONSTRAINT "prompt_counters_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prompt_revisions" ADD CONSTRAINT "prompt_revisions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prompt_tags" ADD CONSTRAINT "prompt_tags_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prompts" ADD CONSTRAINT "prompts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_images" ADD CONSTRAINT "collection_images_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collections" ADD CONSTRAINT "collections_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_items" ADD CONSTRAINT "job_items_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mutation_log_user_seq_idx" ON "mutation_log" USING btree ("user_id","seq");--> statement-breakpoint
CREATE INDEX "sync_clients_user_idx" ON "sync_clients" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "prompt_counters_user_seq_idx" ON "prompt_counters" USING btree ("user_id","seq");--> statement-breakpoint
CREATE INDEX "prompt_revisions_user_seq_idx" ON "prompt_revisions" USING btree ("user_id","seq");--> statement-breakpoint
CREATE INDEX "prompt_revisions_prompt_idx" ON "prompt_revisions" USING btree ("user_id","prompt_id","seq");--> statement-breakpoint
CREATE INDEX "prompt_tags_user_seq_idx" ON "prompt_tags" USING btree ("user_id","seq");--> statement-breakpoint
CREATE INDEX "prompts_user_seq_idx" ON "prompts" USING btree ("user_id","seq");--> statement-breakpoint
CREATE INDEX "collection_images_user_seq_idx" ON "collection_images" USING btree ("user_id","seq");--> statement-breakpoint
CREATE INDEX "collections_user_seq_idx" ON "collections" USING btree ("user_id","seq");--> statement-breakpoint
CREATE INDEX "job_items_user_seq_idx" ON "job_items" USING btree ("user_id","seq");--> statement-breakpoint
CREATE INDEX "job_items_job_idx" ON "job_items" USING btree ("user_id","job_id");--> statement-breakpoint
CREATE INDEX "jobs_user_seq_idx" ON "jobs" USING btree ("user_id","seq");