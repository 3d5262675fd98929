package com.gladlabs.cofounder.common.problem;

import java.util.Optional;

import org.jboss.logging.Logger;

import com.gladlabs.cofounder.common.db.DatabaseFailure;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Failures that never reach a resource, answered in the same problem+json as everything else:
 * requests the router cannot take apart (a malformed path or percent-encoding: 400), a chunked body
 * past the size limit (413, found while reading), paths no route serves (404), and any exception
 * a route lets escape (500, logged). Without this, Vert.x and Quarkus answer these with an empty body.
 */
@ApplicationScoped
public class RouteFailures {

    private static final Logger LOG = Logger.getLogger(RouteFailures.class);

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
        for (int status : new int[] { 400, 404, 405, 413, 500 }) {
            router.errorHandler(status, this::failed); // no route matched, or a failure no handler took
        }
    }

    private void failed(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            if (!ctx.response().ended()) {
                ctx.response().reset(); // too late for an answer: cut the stream rather than leave it hanging
            }
            return;
        }
        Throwable failure = ctx.failure();
        int status = ctx.statusCode();
        if (failure instanceof HttpException http) {
            status = http.getStatusCode();
        } else if (failure instanceof ProblemException problem) {
            send(ctx, problem);
            return;
        } else if (failure != null) {
            Optional<ProblemException> database = DatabaseFailure.translate(failure);
            if (database.isPresent()) {
                send(ctx, database.get());
                return;
            }
            if (status < 400) {
                status = 500;
            }
        }
        if (status < 400) {
            status = 500;
        }
        if (status >= 500) {
            LOG.errorf(failure, "Request failed outside the resources: %s %s", ctx.request().method(), ctx.request().path());
        }
        String title = status == 413 ? "Payload too large" : HttpResponseStatus.valueOf(status).reasonPhrase();
        String detail = switch (status) {
            case 400 -> "The request could not be read: its path, query or headers are malformed";
            case 404 -> "No resource at this path";
            case 405 -> ctx.request().method() + " is not allowed here";
            case 413 -> "The request body is larger than the limit";
            case 500 -> "The request could not be completed; it has been logged";
            default -> title;
        };
        if (status == 413) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close"); // the rest of the body is not read
        }
        ProblemRoutes.send(ctx, new Problem(ProblemMapper.typeUri(status == 500 ? "internal-error"
                : title.toLowerCase().replace(' ', '-')), title, status, detail, null, null));
    }

    private static void send(RoutingContext ctx, ProblemException problem) {
        problem.headers().forEach(ctx.response()::putHeader);
        ProblemRoutes.send(ctx, problem.toProblem(ctx.request().path()));
    }
}
