package com.gladlabs.cofounder.task;

import java.util.UUID;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.gladlabs.cofounder.common.web.UriTemplates;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code GET /api/tasks/{id}}, the service's hottest request, answered by a Vert.x route on the event
 * loop instead of RESTEasy: the same {@link TaskService#get} and the same answer (body, ETag, 304 on a
 * current If-None-Match, problem+json through {@code RouteFailures}), without the per-request work
 * RESTEasy adds around it (its request context, CDI request scope, observability template matching,
 * response builder and message body writer). Measured against the resource alone (medians of six
 * alternated rounds, 64 connections): 18% more reads by id per second, 17% less CPU per read
 * (bench/README, "Issue 17, third pass").
 *
 * <p>It runs after every filter (admission, request id, shutdown gate, body size, access control, the
 * security headers), as the resource does. What it does not recognise it passes on to
 * {@link TaskResource#get}, which stays the documented operation and answers the rest exactly as
 * before: an id that is not a UUID (400 naming it), an Accept that does not plainly admit JSON (406 or
 * JSON, by RESTEasy's negotiation), HEAD.
 */
@ApplicationScoped
public class TaskReadRoute {

    /** After the filters (all at negative orders), before RESTEasy's route. */
    static final int ORDER = 0;
    static final String JSON = "application/json;charset=UTF-8";
    static final String TEMPLATE = "/api/tasks/{id}";
    private static final String PATH = "/api/tasks/";

    private final TaskService service;
    private final ObjectMapper json;

    public TaskReadRoute(TaskService service, ObjectMapper json) {
        this.service = service;
        this.json = json;
    }

    /**
     * A route without a path, matched here by hand: a route with a path parameter costs every request that
     * reaches it a regex match, a path parameter map and, as a named route, a report to the metrics (about 3.5%
     * of a cached read's CPU with the admission gate's {@code /api/*} route, bench/README).
     */
    void install(@Observes Router router) {
        router.get().order(ORDER).handler(this::get);
    }

    private void get(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path.length() != PATH.length() + 36 || !path.startsWith(PATH)) {
            ctx.next();
            return;
        }
        String id = path.substring(PATH.length());
        if (!TaskResource.canonicalUuid(id) || !admitsJson(ctx.request().getHeader(HttpHeaders.ACCEPT))) {
            ctx.next();
            return;
        }
        UriTemplates.set(ctx, TEMPLATE); // what the resource would record: metrics and spans name the operation, not the id
        String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
        service.get(UUID.fromString(id)).whenComplete((task, failure) -> {
            if (failure != null) {
                // RouteFailures: the same problem+json as the resource's mapper
                ctx.fail(failure instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : failure);
                return;
            }
            HttpServerResponse response = ctx.response();
            if (response.closed()) {
                return;
            }
            response.putHeader("ETag", "\"" + task.etag() + "\"");
            if (TaskResource.notModified(ifNoneMatch, task)) {
                response.setStatusCode(HttpResponseStatus.NOT_MODIFIED.code()).end();
                return;
            }
            Buffer body;
            try {
                body = task instanceof CachedTask cached ? cached.json() : Buffer.buffer(json.writeValueAsBytes(task));
            } catch (JsonProcessingException e) {
                ctx.fail(e);
                return;
            }
            response.putHeader("Content-Type", JSON).end(body);
        });
    }

    /** No Accept, or one that names JSON or any type outright; anything subtler goes to RESTEasy's negotiation. */
    static boolean admitsJson(String accept) {
        if (accept == null) {
            return true;
        }
        String type = accept.trim();
        return type.equals("*/*") || type.equals("application/json") || type.equals("application/*");
    }
}
