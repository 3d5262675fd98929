-- The sequencer and the trimmer in plans that stay linear whatever the planner believes about the queue.
--
-- V4 picked the rows to move with "id IN (SELECT ... ORDER BY id LIMIT n)". A plpgsql statement keeps
-- its plan for the session: the sequencer's first passes ran on an empty queue (with autovacuum off,
-- never analyzed), the plan kept was a nested loop that sorts the whole queue again for each of its
-- rows, and a bulk change of 40,000 rows by plain SQL then took 3.7 s per pass of 500 (100,000 rows:
-- minutes without an event). Now each function first reads the bounds of what it takes (the oldest ids
-- of the queue, as an array; the first and last position to trim), then deletes by range: at worst one
-- scan per statement, never one per row.

CREATE OR REPLACE FUNCTION task_feed_advance(max_rows integer, OUT head bigint, OUT moved integer)
    LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    moved := 0;
    -- 1413829460 is 'TASK' in ASCII; 1 the sequencer, 2 the trimmer.
    IF NOT pg_try_advisory_xact_lock(1413829460, 1) THEN
        SELECT h.position INTO head FROM task_feed_head h;
        RETURN;
    END IF;
    SELECT h.position INTO head FROM task_feed_head h;
    -- Only this sequencer deletes from the queue, so every id read here is still there for the DELETE,
    -- which takes exactly these: rows committed in between wait for the next pass, as in V4.
    SELECT array_agg(q.id ORDER BY q.id) INTO ids
    FROM (SELECT q.id FROM task_change_queue q ORDER BY q.id LIMIT max_rows) q;
    IF ids IS NULL THEN
        RETURN;
    END IF;
    WITH taken AS (
        DELETE FROM task_change_queue
        WHERE id BETWEEN ids[1] AND ids[cardinality(ids)] AND id = ANY (ids)
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

-- Positions have no gap and only the oldest are ever deleted, so the entries to trim are the range from
-- the first position to the one before the first young entry, at most max_rows long.
CREATE OR REPLACE FUNCTION task_feed_trim(cutoff timestamptz, max_rows integer) RETURNS integer
    LANGUAGE plpgsql AS $$
DECLARE
    first_position bigint;
    last_position  bigint;
    trimmed        integer;
BEGIN
    IF NOT pg_try_advisory_xact_lock(1413829460, 2) THEN
        RETURN 0;
    END IF;
    SELECT min(f.position) INTO first_position FROM task_feed f;
    IF first_position IS NULL THEN
        RETURN 0;
    END IF;
    SELECT coalesce(min(f.position) - 1, first_position + max_rows - 1) INTO last_position
    FROM task_feed f
    WHERE f.position >= first_position AND f.position < first_position + max_rows AND f.sequenced_at >= cutoff;
    DELETE FROM task_feed f WHERE f.position BETWEEN first_position AND last_position;
    GET DIAGNOSTICS trimmed = ROW_COUNT;
    RETURN trimmed;
END
$$;
