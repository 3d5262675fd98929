-- Wake the content workers of every replica as soon as there is work: a new pending content task,
-- or one that went back to pending. NOTIFY is delivered at commit, so no worker sees uncommitted work;
-- workers also poll, so a lost notification only delays a task by one poll interval.
CREATE FUNCTION notify_content_task_pending() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('content_task_pending', NEW.id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER tasks_content_pending
    AFTER INSERT OR UPDATE OF status ON tasks
    FOR EACH ROW WHEN (NEW.status = 'pending' AND NEW.type <> 'general')
    EXECUTE FUNCTION notify_content_task_pending();
