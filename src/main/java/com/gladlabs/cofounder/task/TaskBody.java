package com.gladlabs.cofounder.task;

/** A task as the API sends it: built from a row ({@link TaskView}) or as written before ({@link CachedTask}). */
public interface TaskBody {

    /** The strong entity tag of this version, as sent in ETag and compared with If-Match. */
    String etag();
}
