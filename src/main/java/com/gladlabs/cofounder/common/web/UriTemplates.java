package com.gladlabs.cofounder.common.web;

import org.jboss.logging.Logger;

import io.quarkus.resteasy.reactive.server.runtime.ResteasyReactiveRecorder;
import io.quarkus.resteasy.reactive.server.runtime.observability.ObservabilityIntegrationRecorder;
import io.vertx.core.Context;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.RoutingContext;

/**
 * The URI template a request is counted and traced under ({@code uri} tag of
 * {@code http_server_requests}, the server span's name): {@code /api/tasks/{id}}, never the raw path
 * with its id, which would make one time series per task.
 * <p>
 * Quarkus REST records it in the request's Vert.x context, under the key its observability
 * integration uses ({@code UrlPathTemplate}), when a resource method is matched; Micrometer and
 * OpenTelemetry read it from there when the response ends. A request answered outside a resource
 * (the read route, the gates, the 401 and 403 of access control, the problem answers of
 * {@code RouteFailures}) has to have it set here: by its route, with {@link #set}, or, for an answer
 * given before any resource was matched, by {@link #matchIfMissing} just before its headers are sent.
 */
public final class UriTemplates {

    private static final Logger LOG = Logger.getLogger(UriTemplates.class);

    /** The context-local key of Quarkus REST's observability integration (its {@code ObservabilityUtil}). */
    static final String KEY = "UrlPathTemplate";

    private UriTemplates() {
    }

    /** Records the template of a request a route answers itself, in Quarkus REST's form ({@code /api/tasks/{id}}). */
    @SuppressWarnings("deprecation")
    public static void set(RoutingContext ctx, String template) {
        context(ctx).putLocal(KEY, template);
    }

    /** The template recorded for this request, or null. */
    @SuppressWarnings("deprecation")
    public static String of(RoutingContext ctx) {
        return context(ctx).getLocal(KEY);
    }

    /**
     * When no template is recorded yet, matches the request against the resource classes as Quarkus
     * REST would have, and records the template of the resource method it would have reached (nothing
     * when none). Only answers given outside a resource pay for this.
     */
    public static void matchIfMissing(RoutingContext ctx) {
        if (of(ctx) != null) {
            return;
        }
        try {
            ObservabilityIntegrationRecorder.setTemplatePath(ctx, ResteasyReactiveRecorder.getCurrentDeployment());
        } catch (RuntimeException e) {
            // As Quarkus REST does: the request is then counted under its status alone, not its path.
            LOG.debug("Unable to match the URI template of an answer given outside the resources", e);
        }
    }

    private static Context context(RoutingContext ctx) {
        return ((HttpServerRequestInternal) ctx.request()).context();
    }
}
