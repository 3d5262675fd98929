package com.gladlabs.cofounder.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.vertx.core.buffer.Buffer;

/**
 * A task's JSON as the API's own mapper wrote it from a {@link TaskView} (kept in the cache and sent as it
 * is: the UTF-8 bytes, not a string), with the version it was written at.
 */
@JsonSerialize(using = CachedTask.Json.class)
record CachedTask(long version, Buffer json) implements TaskBody {

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
            generator.writeRawValue(value.json.toString(StandardCharsets.UTF_8));
        }
    }
}
