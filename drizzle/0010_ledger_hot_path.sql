-- Ledger hot path (issue 15): one balance change is one round trip. The conditional UPDATE (which
-- keeps credits >= 0 and takes the user's row lock) and its ledger row run in one function call
-- instead of two statements; a charge can also count the user's in-flight generations under that
-- lock (a VOLATILE plpgsql function takes a fresh snapshot per statement, so a concurrent submit
-- that committed while we waited for the lock is counted). Returns the new balance, or NULL when
-- the balance would go below zero; over the in-flight cap it raises NB429 so nothing of it stays.
CREATE OR REPLACE FUNCTION nbs_apply_ledger(
	p_user uuid, p_amount integer, p_kind text, p_id uuid, p_generation uuid, p_reason text, p_actor uuid, p_now bigint,
	p_in_flight_cap integer DEFAULT NULL
) RETURNS integer AS $$
DECLARE
	balance integer;
	in_flight integer;
BEGIN
	UPDATE users SET credits = credits + p_amount, updated_at = p_now
		WHERE id = p_user AND credits + p_amount >= 0
		RETURNING credits INTO balance;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	IF p_in_flight_cap IS NOT NULL THEN
		-- Literal statuses, so the planner can use the partial index generations_in_flight_idx (0004).
		SELECT count(*) INTO in_flight FROM generations WHERE user_id = p_user AND status IN ('queued', 'running');
		IF in_flight >= p_in_flight_cap THEN
			RAISE EXCEPTION 'too many generations in flight' USING ERRCODE = 'NB429';
		END IF;
	END IF;
	INSERT INTO credit_ledger (id, user_id, amount, kind, generation_id, reason, actor_id, created_at)
		VALUES (p_id, p_user, p_amount, p_kind, p_generation, p_reason, p_actor, p_now);
	RETURN balance;
END;
$$ LANGUAGE plpgsql VOLATILE;
--> statement-breakpoint
-- Provider slots (issue 15): a generation leaving `running` frees a slot; every relay LISTENs on
-- nbs_slots and runs a dispatch round at once instead of waiting for its fallback poll. NOTIFY is
-- delivered at commit, and these transactions notify nbs_sync already (ledger, images), so this
-- adds no commit serialisation of its own.
CREATE OR REPLACE FUNCTION nbs_notify_slot_freed() RETURNS trigger AS $$
BEGIN
	PERFORM pg_notify('nbs_slots', '');
	RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER generations_slot_freed AFTER UPDATE OF status ON generations
	FOR EACH ROW WHEN (OLD.status = 'running' AND NEW.status <> 'running')
	EXECUTE FUNCTION nbs_notify_slot_freed();
