-- Stamps `seq` on every synced row from the owner's sync_state counter (SYNC §4.2).
-- The UPDATE locks the user's counter row until commit, so commits finish in seq order.
CREATE OR REPLACE FUNCTION nbs_stamp_seq() RETURNS trigger AS $$
BEGIN
	INSERT INTO sync_state (user_id, seq, min_cursor) VALUES (NEW.user_id, 0, 0)
		ON CONFLICT (user_id) DO NOTHING;
	UPDATE sync_state SET seq = seq + 1 WHERE user_id = NEW.user_id RETURNING seq INTO NEW.seq;
	RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER images_stamp_seq BEFORE INSERT OR UPDATE ON images
	FOR EACH ROW EXECUTE FUNCTION nbs_stamp_seq();
