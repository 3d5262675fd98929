-- Every committed change to a task, whoever made it (the API, a worker, plain SQL), is announced on
-- the task_events channel by the database itself. NOTIFY is delivered at commit, so listeners only
-- ever see committed changes. The payload is a few short fields, far under PostgreSQL's 8000 bytes.
CREATE FUNCTION notify_task_event() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    changed tasks;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := OLD;
    ELSE
        changed := NEW;
    END IF;
    PERFORM pg_notify('task_events', json_build_object(
        'event', CASE TG_OP WHEN 'INSERT' THEN 'task.created' WHEN 'UPDATE' THEN 'task.updated' ELSE 'task.deleted' END,
        'id', changed.id,
        'status', changed.status,
        'approval_status', changed.approval_status,
        'progress', changed.progress,
        'version', changed.version,
        'type', changed.type,
        'updated_at', to_char(changed.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER tasks_events
    AFTER INSERT OR UPDATE OR DELETE ON tasks
    FOR EACH ROW EXECUTE FUNCTION notify_task_event();
