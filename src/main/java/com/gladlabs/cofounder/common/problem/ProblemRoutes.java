package com.gladlabs.cofounder.common.problem;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * Problem answers given by Vert.x routes, before a request reaches a resource (and so before
 * {@link ProblemMapper} could see it): the same {@link Problem} body, written directly.
 */
public final class ProblemRoutes {

    private ProblemRoutes() {
    }

    /** 401: no bearer token, or one that failed verification (signature, expiry, issuer or audience). */
    public static void unauthorized(RoutingContext ctx, boolean tokenGiven) {
        String detail = tokenGiven
                ? "The bearer token is not valid: its signature, expiry, issuer or audience was refused"
                : "This endpoint needs a bearer token (Authorization: Bearer <JWT>)";
        ctx.response().putHeader("WWW-Authenticate",
                tokenGiven ? "Bearer error=\"invalid_token\"" : "Bearer");
        send(ctx, new Problem(ProblemMapper.typeUri("unauthorized"), "Unauthorized", 401, detail,
                ctx.request().path(), null));
    }

    /** 403: a valid token without the role the request needs. */
    public static void forbidden(RoutingContext ctx, String role) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
        send(ctx, new Problem(ProblemMapper.typeUri("forbidden"), "Forbidden", 403,
                "This request needs the role " + role + ", which the token does not carry",
                ctx.request().path(), null));
    }

    public static void send(RoutingContext ctx, Problem problem) {
        ctx.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encodeToBuffer(problem));
    }
}
