package com.gladlabs.cofounder.common.security;

import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.gladlabs.cofounder.common.problem.ProblemRoutes;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The one gate between a caller and the API: which role each request needs, and the 401 or 403
 * problem+json when the caller does not have it. Authentication is lazy
 * ({@code quarkus.http.auth.proactive=false}), so a token is verified only where one is needed:
 * open endpoints answer even when a probe sends a stale token.
 * <p>
 * Rules: GET, HEAD and OPTIONS need {@code tasks:read}; approving content needs
 * {@code content:approve}; every other method needs {@code tasks:write}. Health, metrics and OpenAPI
 * are open unless configured otherwise. Whatever matches no open rule needs a token, so a new
 * endpoint is closed until someone opens it.
 */
@ApplicationScoped
public class AccessControl {

    private static final Logger LOG = Logger.getLogger(AccessControl.class);
    private static final Pattern APPROVE = Pattern.compile("/api/content/tasks/[^/]+/approve/?");

    private final AuthConfig config;

    public AccessControl(AuthConfig config) {
        this.config = config;
    }

    void install(@Observes Router router) {
        if (!config.enabled()) {
            return;
        }
        // After the request id, the shutdown gate and the size check; before the body is read.
        router.route().order(-2).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String role = requiredRole(ctx.request().method(), ctx.normalizedPath());
        if (role == null) {
            ctx.next();
            return;
        }
        Uni<SecurityIdentity> identity = ctx.get(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        if (identity == null) {
            ProblemRoutes.unauthorized(ctx, false);
            return;
        }
        // A refused token is answered below; Quarkus' own handler would answer first, with an empty 401.
        ctx.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, (BiConsumer<RoutingContext, Throwable>) (c, failure) -> {
        });
        Context context = Vertx.currentContext();
        identity.subscribe().with(
                who -> onContext(context, () -> decide(ctx, who, role)),
                failure -> onContext(context, () -> {
                    // The reason stays in the debug log: it may quote claims, never the token itself.
                    LOG.debugf("Bearer token refused on %s %s: %s", ctx.request().method(), ctx.normalizedPath(),
                            failure.getClass().getSimpleName());
                    ProblemRoutes.unauthorized(ctx, true);
                }));
    }

    private static void decide(RoutingContext ctx, SecurityIdentity who, String role) {
        if (ctx.response().ended()) {
            return;
        }
        if (who == null || who.isAnonymous()) {
            // A credential that was sent but yielded no identity (not a JWT at all) is an invalid one.
            ProblemRoutes.unauthorized(ctx, bearerGiven(ctx));
        } else if (!who.hasRole(role)) {
            ProblemRoutes.forbidden(ctx, role);
        } else {
            ctx.next();
        }
    }

    private static boolean bearerGiven(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && !authorization.substring(7).isBlank();
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }

    /** The role a request needs, or null when it is open. */
    String requiredRole(HttpMethod method, String path) {
        return open(path) ? null : roleOf(method, path);
    }

    /**
     * The role a request under /api needs with the default open endpoints (only the service health
     * is open): the rule the OpenAPI document states for each operation.
     */
    public static String roleFor(HttpMethod method, String path) {
        return under(path, "/api/health") ? null : roleOf(method, path);
    }

    private static String roleOf(HttpMethod method, String path) {
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            return Roles.TASKS_READ;
        }
        if (method == HttpMethod.POST && APPROVE.matcher(path).matches()) {
            return Roles.CONTENT_APPROVE;
        }
        return Roles.TASKS_WRITE;
    }

    private boolean open(String path) {
        if (config.healthOpen() && (under(path, "/q/health") || under(path, "/api/health"))) {
            return true;
        }
        if (config.metricsOpen() && under(path, "/q/metrics")) {
            return true;
        }
        return config.openapiOpen() && (path.startsWith("/q/openapi") || under(path, "/q/swagger-ui"));
    }

    private static boolean under(String path, String root) {
        return path.equals(root) || path.startsWith(root + "/");
    }
}
