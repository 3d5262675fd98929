-- The change feed: every committed change to a task, in one global order, kept for a retention window.
--
-- Until V3 every row change called pg_notify. PostgreSQL takes one database-wide lock at the commit of
-- each transaction that queued a notification, so notifying writers committed one at a time (pgbench
-- on this table: 4,128 inserts/s without the triggers, 1,318/s with them). Now a writer only appends a
-- row to a queue table (one index) in its own transaction, and commits without waiting for anyone; a
-- sequencer (any replica, one at a time) moves committed rows from the queue into the feed and numbers
-- them there.
--
-- Why the numbering happens after commit: a number taken inside the writing transaction (a sequence)
-- follows the order in which transactions started writing, not the order in which they committed, so
-- a reader that had passed number 11 would skip number 10 when its transaction committed later. The
-- sequencer only ever sees committed rows (its DELETE cannot see the others), so a transaction that
-- commits late is numbered late, and every number is final once a reader can see it.

DROP TRIGGER tasks_events ON tasks;
DROP FUNCTION notify_task_event();
DROP TRIGGER tasks_content_pending ON tasks;
DROP FUNCTION notify_content_task_pending();

-- Written by the trigger in the writer's transaction, emptied by the sequencer. Its rows live for one
-- sequencer pass (tens of milliseconds), so autovacuum is told to visit it often.
CREATE TABLE task_change_queue (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event           text        NOT NULL,
    task_id         uuid        NOT NULL,
    status          text        NOT NULL,
    approval_status text,
    progress        smallint    NOT NULL,
    version         bigint      NOT NULL,
    type            text        NOT NULL,
    updated_at      timestamptz NOT NULL
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
        autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000);

-- The feed itself: position 1, 2, 3, ... with no gap, in the order the changes became visible.
CREATE TABLE task_feed (
    position        bigint      PRIMARY KEY,
    event           text        NOT NULL,
    task_id         uuid        NOT NULL,
    status          text        NOT NULL,
    approval_status text,
    progress        smallint    NOT NULL,
    version         bigint      NOT NULL,
    type            text        NOT NULL,
    updated_at      timestamptz NOT NULL,
    -- when the sequencer numbered it (a few tens of milliseconds after its commit); retention counts from here
    sequenced_at    timestamptz NOT NULL
) WITH (autovacuum_vacuum_scale_factor = 0.05);

-- The last position given. Kept apart from the feed so that trimming every entry never lets a number
-- be given twice.
CREATE TABLE task_feed_head (
    singleton boolean PRIMARY KEY DEFAULT true CONSTRAINT task_feed_head_single_row CHECK (singleton),
    position  bigint  NOT NULL CONSTRAINT task_feed_head_position_non_negative CHECK (position >= 0)
);
INSERT INTO task_feed_head (position) VALUES (0);

CREATE FUNCTION task_change_enqueue() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO task_change_queue (event, task_id, status, approval_status, progress, version, type, updated_at)
        VALUES ('task.deleted', OLD.id, OLD.status, OLD.approval_status, OLD.progress, OLD.version, OLD.type, OLD.updated_at);
    ELSE
        INSERT INTO task_change_queue (event, task_id, status, approval_status, progress, version, type, updated_at)
        VALUES (CASE TG_OP WHEN 'INSERT' THEN 'task.created' ELSE 'task.updated' END,
                NEW.id, NEW.status, NEW.approval_status, NEW.progress, NEW.version, NEW.type, NEW.updated_at);
    END IF;
    RETURN NULL;
END
$$;

-- Every change, whoever makes it: the API, a worker, plain SQL from any client.
CREATE TRIGGER tasks_change_feed
    AFTER INSERT OR UPDATE OR DELETE ON tasks
    FOR EACH ROW EXECUTE FUNCTION task_change_enqueue();

-- Moves up to max_rows committed changes, oldest first, from the queue into the feed. One caller at a
-- time (a transaction-level advisory lock; a caller that does not get it moves nothing). Returns the
-- feed's head after the call and how many changes this call moved (max_rows: more may be waiting).
--
-- Each statement of a plpgsql function takes a fresh snapshot, so the DELETE sees every transaction
-- that committed before the lock was taken, the previous sequencer's included. Rows of transactions
-- still running are invisible to it and stay for a later pass, to be numbered after everything
-- numbered now. Two changes to one task are always numbered in commit order: the second writer waits
-- for the first one's row lock, so its queue row has the higher id and commits later.
CREATE FUNCTION task_feed_advance(max_rows integer, OUT head bigint, OUT moved integer)
    LANGUAGE plpgsql AS $$
BEGIN
    moved := 0;
    -- 1413829460 is 'TASK' in ASCII; 1 the sequencer, 2 the trimmer.
    IF NOT pg_try_advisory_xact_lock(1413829460, 1) THEN
        SELECT h.position INTO head FROM task_feed_head h;
        RETURN;
    END IF;
    SELECT h.position INTO head FROM task_feed_head h;
    WITH taken AS (
        DELETE FROM task_change_queue
        WHERE id IN (SELECT q.id FROM task_change_queue q ORDER BY q.id LIMIT max_rows)
        RETURNING *)
    INSERT INTO task_feed (position, event, task_id, status, approval_status, progress, version, type, updated_at, sequenced_at)
    SELECT head + row_number() OVER (ORDER BY t.id), t.event, t.task_id, t.status, t.approval_status, t.progress,
           t.version, t.type, t.updated_at, clock_timestamp()
    FROM taken t;
    GET DIAGNOSTICS moved = ROW_COUNT;
    IF moved > 0 THEN
        head := head + moved;
        UPDATE task_feed_head SET position = head;
    END IF;
END
$$;

-- Deletes up to max_rows of the oldest entries sequenced before cutoff, never leaving a hole: it stops
-- at the first entry that is still young. One trimmer at a time; returns how many it deleted. Writers
-- never wait for it: they touch only tasks and the queue.
CREATE FUNCTION task_feed_trim(cutoff timestamptz, max_rows integer) RETURNS integer
    LANGUAGE plpgsql AS $$
DECLARE
    trimmed integer;
BEGIN
    IF NOT pg_try_advisory_xact_lock(1413829460, 2) THEN
        RETURN 0;
    END IF;
    WITH oldest AS (
        SELECT f.position, f.sequenced_at FROM task_feed f ORDER BY f.position LIMIT max_rows),
    first_kept AS (
        SELECT min(o.position) AS position FROM oldest o WHERE o.sequenced_at >= cutoff)
    DELETE FROM task_feed f
    USING oldest o, first_kept k
    WHERE f.position = o.position AND (k.position IS NULL OR o.position < k.position);
    GET DIAGNOSTICS trimmed = ROW_COUNT;
    RETURN trimmed;
END
$$;
