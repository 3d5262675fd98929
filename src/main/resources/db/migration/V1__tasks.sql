-- The unified tasks table: every task, general work item or content job, lives here.
-- CHECK constraints repeat the API's rules so that bad data cannot enter even through plain SQL.

-- Priority is text but must sort low < normal < high < urgent; claiming and listing order by this rank.
CREATE FUNCTION task_priority_rank(priority text) RETURNS smallint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE priority WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 WHEN 'urgent' THEN 3 END::smallint
$$;

-- At most 20 tags, each 1..50 characters and none null (a CHECK cannot hold a subquery, a function can).
CREATE FUNCTION task_tags_valid(tags text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_ndims(tags), 1) = 1
       AND cardinality(tags) <= 20
       AND NOT EXISTS (SELECT 1 FROM unnest(tags) AS t(tag)
                       WHERE tag IS NULL OR char_length(tag) NOT BETWEEN 1 AND 50)
$$;

CREATE TABLE tasks (
    id               uuid        PRIMARY KEY,
    title            text        NOT NULL CONSTRAINT tasks_title_length CHECK (char_length(title) BETWEEN 1 AND 200),
    description      text        CONSTRAINT tasks_description_length CHECK (char_length(description) <= 10000),
    type             text        NOT NULL DEFAULT 'general'
                                 CONSTRAINT tasks_type_valid CHECK (type IN ('general', 'blog_post', 'social_media', 'email', 'newsletter')),
    status           text        NOT NULL DEFAULT 'pending'
                                 CONSTRAINT tasks_status_valid CHECK (status IN ('pending', 'in_progress', 'completed', 'failed')),
    priority         text        NOT NULL DEFAULT 'normal'
                                 CONSTRAINT tasks_priority_valid CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    category         text        NOT NULL DEFAULT 'general' CONSTRAINT tasks_category_length CHECK (char_length(category) BETWEEN 1 AND 64),
    tags             text[]      NOT NULL DEFAULT '{}' CONSTRAINT tasks_tags_valid CHECK (task_tags_valid(tags)),
    assigned_agents  text[]      NOT NULL DEFAULT '{}'
                                 CONSTRAINT tasks_assigned_agents_valid CHECK (array_position(assigned_agents, NULL) IS NULL),
    created_by       text        NOT NULL DEFAULT 'system',
    topic            text,
    primary_keyword  text,
    style            text,
    tone             text,
    target_length    integer     CONSTRAINT tasks_target_length_positive CHECK (target_length > 0),
    publish_mode     text        CONSTRAINT tasks_publish_mode_valid CHECK (publish_mode IN ('draft', 'publish')),
    content          text,
    slug             text,
    quality_score    integer     CONSTRAINT tasks_quality_score_range CHECK (quality_score BETWEEN 0 AND 100),
    result           jsonb,
    error_message    text,
    progress         smallint    NOT NULL DEFAULT 0 CONSTRAINT tasks_progress_range CHECK (progress BETWEEN 0 AND 100),
    attempts         integer     NOT NULL DEFAULT 0 CONSTRAINT tasks_attempts_non_negative CHECK (attempts >= 0),
    approval_status  text        CONSTRAINT tasks_approval_status_valid
                                 CHECK (approval_status IN ('awaiting_approval', 'approved', 'rejected', 'published')),
    reviewed_by      text,
    review_feedback  text,
    published_at     timestamptz,
    idempotency_key  text        CONSTRAINT tasks_idempotency_key_length CHECK (char_length(idempotency_key) BETWEEN 1 AND 128),
    metadata         jsonb       NOT NULL DEFAULT '{}' CONSTRAINT tasks_metadata_object CHECK (jsonb_typeof(metadata) = 'object'),
    version          bigint      NOT NULL DEFAULT 0 CONSTRAINT tasks_version_non_negative CHECK (version >= 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    completed_at     timestamptz
);

-- Newest first, the default listing, with id as the tie-breaker for keyset pagination.
CREATE INDEX ix_tasks_created ON tasks (created_at DESC, id DESC);
-- Listing by status, newest first.
CREATE INDEX ix_tasks_status_created ON tasks (status, created_at DESC, id DESC);
-- Claiming work: pending tasks, highest priority first, then oldest.
CREATE INDEX ix_tasks_pending_claim ON tasks (task_priority_rank(priority) DESC, created_at) WHERE status = 'pending';
-- Drafts and other approval queues.
CREATE INDEX ix_tasks_approval ON tasks (approval_status, created_at DESC) WHERE approval_status IS NOT NULL;
CREATE UNIQUE INDEX ux_tasks_slug ON tasks (slug) WHERE slug IS NOT NULL;
CREATE UNIQUE INDEX ux_tasks_idempotency_key ON tasks (idempotency_key) WHERE idempotency_key IS NOT NULL;
