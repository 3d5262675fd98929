package com.gladlabs.cofounder.task;

import java.io.IOException;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * The rows of one listing page as read once for everyone who asked it ({@link TaskPages}): the first
 * {@code limit} rows, whether more follow, and their JSON, written once by the API's own mapper and
 * sent as it is to each caller ({@link Json}). Immutable but for that JSON, which is the same whoever
 * writes it first.
 */
final class PageRows extends AbstractList<TaskView> implements RandomAccess {

    private final List<TaskView> rows;
    private final boolean more;
    private volatile String json;

    /** The first {@code limit} of the rows read (limit + 1 were asked: one more tells that more follow). */
    PageRows(List<TaskView> read, int limit) {
        this.more = read.size() > limit;
        this.rows = List.copyOf(more ? read.subList(0, limit) : read);
    }

    boolean more() {
        return more;
    }

    /** The rows as the API writes them; the first caller writes them, the others reuse the text. */
    String json(ObjectMapper mapper) throws JsonProcessingException {
        String written = json;
        if (written == null) {
            written = mapper.writeValueAsString(rows);
            json = written;
        }
        return written;
    }

    @Override
    public TaskView get(int index) {
        return rows.get(index);
    }

    @Override
    public int size() {
        return rows.size();
    }

    /** Writes a page's rows from the text written once, any other list of views as usual. */
    static final class Json extends StdSerializer<List<TaskView>> {

        @SuppressWarnings({ "unchecked", "rawtypes" })
        Json() {
            super((Class<List<TaskView>>) (Class) List.class);
        }

        @Override
        public void serialize(List<TaskView> value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            if (value instanceof PageRows page && page.json != null) {
                generator.writeRawValue(page.json);
            } else {
                provider.defaultSerializeValue(value, generator);
            }
        }
    }
}
