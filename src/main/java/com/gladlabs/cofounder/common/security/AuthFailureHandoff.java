package com.gladlabs.cofounder.common.security;

import java.util.function.BiConsumer;

import com.gladlabs.cofounder.common.web.UriTemplates;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.HttpSecurityRecorder.DefaultAuthFailureHandler;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Hands an authentication failure on to the failure handlers, as Quarkus REST would, without the
 * work Quarkus REST does for it on every request.
 * <p>
 * Quarkus' authentication filter (priority 200) gives every request its default failure handler,
 * which answers an empty 401. With metrics or tracing present, Quarkus REST's filter right after it
 * (priority 199) swaps that handler for one that fails the routing context instead (so that the
 * exception mappers answer), and first matches the request against every resource class to record
 * its URI template, in case the request is answered before reaching a resource: it builds a new
 * request mapper over all of them for each request, whether anything fails or not. That was 17% of
 * the bytes a read by id allocated (JFR, bench/README "Issue 13, fourteenth pass"), on every request,
 * authentication on or off.
 * <p>
 * This filter, registered at the authentication filter's priority (application filters are routed
 * after Quarkus' own of the same priority, so it runs between the two), makes the same swap first:
 * Quarkus REST then sees no default handler and leaves the request alone. The handler put here
 * does what Quarkus REST's does: marks a failure that is not an authentication failure (a 500, not a
 * 401) and fails the context with its root cause. The URI template is matched only for the answers
 * that need it: a resource's is recorded by Quarkus REST's own handler, the read route records its
 * own, and any other answer gets it matched just before its headers are sent
 * ({@link UriTemplates#matchIfMissing}). {@link AccessControl}, when on, puts a failure handler of its
 * own on the requests it checks, as before.
 */
@ApplicationScoped
public class AuthFailureHandoff {

    /** The priority of Quarkus' authentication filter: run right after it. */
    static final int PRIORITY = 200;

    /** The failure handler every request gets from here. */
    static final BiConsumer<RoutingContext, Throwable> FAIL_THE_CONTEXT = AuthFailureHandoff::fail;

    void install(@Observes Filters filters) {
        filters.register(AuthFailureHandoff::handOff, PRIORITY);
    }

    private static void handOff(RoutingContext ctx) {
        if (ctx.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER) instanceof DefaultAuthFailureHandler) {
            ctx.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, FAIL_THE_CONTEXT);
            ctx.addHeadersEndHandler(ignored -> UriTemplates.matchIfMissing(ctx));
        }
        ctx.next();
    }

    private static void fail(RoutingContext ctx, Throwable failure) {
        DefaultAuthFailureHandler.markIfOtherAuthenticationFailure(ctx, failure);
        if (!ctx.failed()) {
            ctx.fail(DefaultAuthFailureHandler.extractRootCause(failure));
        }
    }
}
