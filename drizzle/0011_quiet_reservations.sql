-- Ledger hot path (issue 15): a reservation (`charge` ledger row) no longer sends NOTIFY nbs_sync.
-- PostgreSQL serialises the commits of transactions that notify (one global queue lock held through
-- the WAL flush), which capped reserves at ~400/s for the whole server. The poke is not needed: the
-- same generation ends with an image row or a `refund` ledger row, and that commit pokes the user's
-- devices, whose pull then brings the charge too. The seq stamp itself is unchanged.
CREATE OR REPLACE FUNCTION nbs_stamp_seq() RETURNS trigger AS $$
DECLARE
	quiet boolean := false;
BEGIN
	UPDATE sync_state SET seq = seq + 1 WHERE user_id = NEW.user_id RETURNING seq INTO NEW.seq;
	IF NOT FOUND THEN
		INSERT INTO sync_state AS s (user_id, seq, min_cursor) VALUES (NEW.user_id, 1, 0)
			ON CONFLICT (user_id) DO UPDATE SET seq = s.seq + 1
			RETURNING seq INTO NEW.seq;
	END IF;
	-- Nested, not AND: NEW.kind exists only on credit_ledger rows.
	IF TG_TABLE_NAME = 'credit_ledger' THEN
		quiet := NEW.kind = 'charge';
	END IF;
	IF NOT quiet AND current_setting('nbs.notified', true) IS DISTINCT FROM NEW.user_id::text THEN
		PERFORM set_config('nbs.notified', NEW.user_id::text, true);
		PERFORM pg_notify('nbs_sync', NEW.user_id::text);
	END IF;
	RETURN NEW;
END;
$$ LANGUAGE plpgsql;
