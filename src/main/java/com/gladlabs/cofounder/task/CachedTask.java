package com.gladlabs.cofounder.task;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * A task's JSON as the API's own mapper wrote it from a {@link TaskView} (kept in the cache and sent as it
 * is), with the version it was written at.
 */
@JsonSerialize(using = CachedTask.Json.class)
record CachedTask(long version, String json) implements TaskBody {

    @Override
    public String etag() {
        return Long.toString(version);
    }

    static final class Json extends StdSerializer<CachedTask> {

        Json() {
            super(CachedTask.class);
        }

        @Override
        public void serialize(CachedTask value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeRawValue(value.json);
        }
    }
}
