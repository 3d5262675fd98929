package com.gladlabs.cofounder.task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.gladlabs.cofounder.common.db.DatabaseConfig;
import com.gladlabs.cofounder.common.db.LoopBatcher;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Singleton;

/**
 * Pages of listings, read by the reactive client. Pages that queue up on an event loop
 * ({@link LoopBatcher}) are read together: the same page asked by several callers is read once for
 * all of them, and pages of the same statement with other values (another status, cursor or offset)
 * go as one pipelined batch of that prepared statement, one round trip. Every caller waited in the
 * queue before the statement was sent, so a page read for it holds every change acknowledged before it
 * asked. A quiet service sends each page alone and at once.
 */
@Singleton
public class TaskPages extends LoopBatcher<TaskPages.Page, PageRows> {

    /**
     * One page's statement, its parameter values and the rows it shows (the statement asks one more):
     * equal pages are one read. The values are copied into each statement's tuple, which the client
     * converts in place to the statement's types.
     */
    public record Page(String sql, List<Object> parameters, int limit) {
        public Page {
            parameters = List.copyOf(parameters);
        }
    }

    private final Pool pool;

    public TaskPages(Pool pool, TaskConfig config, DatabaseConfig database) {
        super(config.pagesInFlight(), config.batchMax(), database.acquireTimeout());
        this.pool = pool;
    }

    @Override
    protected Future<PageRows> one(Page page) {
        return pool.preparedQuery(page.sql()).execute(Tuple.from(page.parameters())).map(rows -> rows(rows, page));
    }

    @Override
    protected Future<List<PageRows>> many(List<Page> pages) {
        // the distinct pages of each statement, in their order of arrival
        Map<String, List<Page>> byStatement = new LinkedHashMap<>();
        for (Page page : pages) {
            List<Page> same = byStatement.computeIfAbsent(page.sql(), sql -> new ArrayList<>());
            if (!same.contains(page)) {
                same.add(page);
            }
        }
        Map<Page, PageRows> read = new HashMap<>(pages.size() * 2);
        List<Future<?>> statements = new ArrayList<>(byStatement.size());
        for (List<Page> distinct : byStatement.values()) {
            if (distinct.size() == 1) {
                statements.add(one(distinct.get(0)).onSuccess(views -> read.put(distinct.get(0), views)));
                continue;
            }
            List<Tuple> values = new ArrayList<>(distinct.size());
            for (Page page : distinct) {
                values.add(Tuple.from(page.parameters()));
            }
            statements.add(pool.preparedQuery(distinct.get(0).sql()).executeBatch(values).onSuccess(rows -> {
                RowSet<Row> result = rows;
                for (Page page : distinct) { // one result per execution, in order
                    read.put(page, rows(result, page));
                    result = result.next();
                }
            }));
        }
        return Future.all(statements).map(done -> pages.stream().map(read::get).toList());
    }

    @Override
    protected boolean retryAlone(Throwable failure) {
        return failure instanceof PgException; // refused by PostgreSQL: each caller gets its own page's answer
    }

    /** The rows of one page as views, shared by every caller who asked for that page. */
    private static PageRows rows(RowSet<Row> rows, Page page) {
        List<TaskView> views = new ArrayList<>(rows.size());
        for (Row row : rows) {
            views.add(TaskRows.view(row));
        }
        return new PageRows(views, page.limit());
    }
}
