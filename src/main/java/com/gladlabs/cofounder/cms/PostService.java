package com.gladlabs.cofounder.cms;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the CMS served: published content (approval_status = published), read straight from the
 * tasks table as read-only rows.
 */
@ApplicationScoped
public class PostService {

    private static final String COLUMNS = """
            id, slug, coalesce(result->>'title', title) AS title, result->>'excerpt' AS excerpt, category, tags,
            published_at, (result->>'word_count')::int AS word_count""";

    private final Pool pool;

    public PostService(Pool pool) {
        this.pool = pool;
    }

    @RegisterForReflection
    public record PostSummary(UUID id, String slug, String title, @Schema(nullable = true) String excerpt, String category,
            List<String> tags, Instant publishedAt, @Schema(nullable = true) Integer wordCount) {
    }

    @RegisterForReflection
    public record Post(UUID id, String slug, String title, @Schema(nullable = true) String excerpt, String category,
            List<String> tags, Instant publishedAt, @Schema(nullable = true) Integer wordCount,
            @Schema(nullable = true) String content) {
    }

    @RegisterForReflection
    public record Pagination(int page, int pageSize, long total, long pageCount) {
    }

    @RegisterForReflection
    public record Meta(Pagination pagination) {
    }

    @RegisterForReflection
    public record PostPage(List<PostSummary> data, Meta meta) {
    }

    @RegisterForReflection
    public record NameCount(String name, long postCount) {
    }

    public Uni<PostPage> page(int page, int pageSize) {
        String list = "SELECT " + COLUMNS + " FROM tasks WHERE approval_status = 'published' "
                + "ORDER BY published_at DESC, id DESC LIMIT $1 OFFSET $2";
        return pool.query("SELECT count(*) FROM tasks WHERE approval_status = 'published'").execute()
                .map(rows -> rows.iterator().next().getLong(0))
                .chain(total -> pool.preparedQuery(list).execute(Tuple.of(pageSize, (long) (page - 1) * pageSize))
                        .map(rows -> {
                            List<PostSummary> data = new ArrayList<>();
                            rows.forEach(row -> data.add(summary(row)));
                            long pages = (total + pageSize - 1) / pageSize;
                            return new PostPage(data, new Meta(new Pagination(page, pageSize, total, pages)));
                        }));
    }

    /** The published post with that slug, or null. */
    public Uni<Post> bySlug(String slug) {
        return pool.preparedQuery("SELECT " + COLUMNS + ", content FROM tasks WHERE slug = $1 AND approval_status = 'published'")
                .execute(Tuple.of(slug))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    PostSummary s = summary(row);
                    return new Post(s.id(), s.slug(), s.title(), s.excerpt(), s.category(), s.tags(), s.publishedAt(),
                            s.wordCount(), row.getString("content"));
                });
    }

    public Uni<List<NameCount>> categories() {
        return counts("SELECT category AS name, count(*) AS n FROM tasks WHERE approval_status = 'published' "
                + "GROUP BY category ORDER BY n DESC, name");
    }

    public Uni<List<NameCount>> tags() {
        return counts("SELECT tag AS name, count(*) AS n FROM tasks, unnest(tags) AS tag "
                + "WHERE approval_status = 'published' GROUP BY tag ORDER BY n DESC, name");
    }

    private Uni<List<NameCount>> counts(String sql) {
        return pool.query(sql).execute().map(rows -> {
            List<NameCount> counts = new ArrayList<>();
            rows.forEach(row -> counts.add(new NameCount(row.getString("name"), row.getLong("n"))));
            return counts;
        });
    }

    private static PostSummary summary(Row row) {
        String[] tags = row.getArrayOfStrings("tags");
        OffsetDateTime published = row.getOffsetDateTime("published_at");
        return new PostSummary(row.getUUID("id"), row.getString("slug"), row.getString("title"),
                row.getString("excerpt"), row.getString("category"), tags == null ? List.of() : List.of(tags),
                published == null ? null : published.toInstant(), row.getInteger("word_count"));
    }
}
