-- Sync (SYNC §4.2, issue 10): the seq stamp also notifies relays (NOTIFY is delivered at commit;
-- identical payloads in one transaction collapse to one, and a transaction-local flag skips the
-- repeats: about a fifth of a push's write cost). UPDATE first: after the first write of a user
-- the counter row exists, so the common path is a single statement.
CREATE OR REPLACE FUNCTION nbs_stamp_seq() RETURNS trigger AS $$
BEGIN
	UPDATE sync_state SET seq = seq + 1 WHERE user_id = NEW.user_id RETURNING seq INTO NEW.seq;
	IF NOT FOUND THEN
		INSERT INTO sync_state AS s (user_id, seq, min_cursor) VALUES (NEW.user_id, 1, 0)
			ON CONFLICT (user_id) DO UPDATE SET seq = s.seq + 1
			RETURNING seq INTO NEW.seq;
	END IF;
	IF current_setting('nbs.notified', true) IS DISTINCT FROM NEW.user_id::text THEN
		PERFORM set_config('nbs.notified', NEW.user_id::text, true);
		PERFORM pg_notify('nbs_sync', NEW.user_id::text);
	END IF;
	RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER prompts_stamp_seq BEFORE INSERT OR UPDATE ON prompts FOR EACH ROW EXECUTE FUNCTION nbs_stamp_seq();
--> statement-breakpoint
CREATE TRIGGER prompt_tags_stamp_seq BEFORE INSERT OR UPDATE ON prompt_tags FOR EACH ROW EXECUTE FUNCTION nbs_stamp_seq();
--> statement-breakpoint
CREATE TRIGGER prompt_counters_stamp_seq BEFORE INSERT OR UPDATE ON prompt_counters FOR EACH ROW EXECUTE FUNCTION nbs_stamp_seq();
--> statement-breakpoint
CREATE TRIGGER prompt_revisions_stamp_seq BEFORE INSERT OR UPDATE ON prompt_revisions FOR EACH ROW EXECUTE FUNCTION nbs_stamp_seq();
--> statement-breakpoint
CREATE TRIGGER collections_stamp_seq BEFORE INSERT OR UPDATE ON collections FOR EACH ROW EXECUTE FUNCTION nbs_stamp_seq();
--> statement-breakpoint
CREATE TRIGGER collection_images_stamp_seq BEFORE INSERT OR UPDATE ON collection_images FOR EACH ROW EXECUTE FUNCTION nbs_stamp_seq();
--> statement-breakpoint
CREATE TRIGGER jobs_stamp_seq BEFORE INSERT OR UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION nbs_stamp_seq();
--> statement-breakpoint
CREATE TRIGGER job_items_stamp_seq BEFORE INSERT OR UPDATE ON job_items FOR EACH ROW EXECUTE FUNCTION nbs_stamp_seq();
--> statement-breakpoint
CREATE TRIGGER credit_ledger_stamp_seq BEFORE INSERT OR UPDATE ON credit_ledger FOR EACH ROW EXECUTE FUNCTION nbs_stamp_seq();
