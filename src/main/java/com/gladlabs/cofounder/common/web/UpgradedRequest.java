package com.gladlabs.cofounder.common.web;

import java.lang.reflect.Method;

import org.jboss.logging.Logger;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.core.http.HttpServerRequest;

/**
 * Tells Quarkus' graceful shutdown that a request upgraded to a WebSocket is finished once its
 * WebSocket is.
 *
 * <p>With {@code quarkus.shutdown.timeout} set, Quarkus counts every HTTP request from its arrival
 * until its {@code QuarkusRequestWrapper} is "done", which its response's end, close or failure
 * signals. An upgraded request has no such end: Vert.x hands the connection to the WebSocket and
 * the response's handlers never run (Quarkus 3.33.2, Vert.x 4.5.27). One WebSocket, even one closed
 * long before, therefore held every shutdown for the whole timeout (30 s), in production and in
 * each test that stopped the application after a WebSocket test. The done signal is not public, so
 * it is called by reflection; if a Quarkus upgrade removes it, the start logs a warning and
 * {@code GracefulShutdownIT} fails on the shutdown's length.
 */
@RegisterForReflection(targets = QuarkusRequestWrapper.class, methods = true, fields = false)
public final class UpgradedRequest {

    private static final Logger LOG = Logger.getLogger(UpgradedRequest.class);
    private static final Method DONE = doneMethod();

    private UpgradedRequest() {
    }

    /**
     * What to run when the WebSocket that {@code request} was upgraded to has closed: it marks the
     * request done for the graceful shutdown (at most once, however often it runs).
     */
    public static Runnable doneWhenClosed(HttpServerRequest request) {
        QuarkusRequestWrapper wrapper = DONE == null ? null : wrapperOf(request);
        if (wrapper == null) {
            return () -> {
            };
        }
        return () -> {
            try {
                DONE.invoke(wrapper);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warnf(e, "Could not mark an upgraded request done; shutdown may wait for quarkus.shutdown.timeout");
            }
        };
    }

    /** The wrapper Quarkus' HTTP server counts the request by; null for a request it never saw. */
    private static QuarkusRequestWrapper wrapperOf(HttpServerRequest request) {
        try {
            return QuarkusRequestWrapper.get(request);
        } catch (RuntimeException e) { // never fail the upgrade over this
            LOG.debugf("No Quarkus request wrapper on an upgrade request: %s", e);
            return null;
        }
    }

    private static Method doneMethod() {
        try {
            Method done = QuarkusRequestWrapper.class.getDeclaredMethod("done");
            done.setAccessible(true);
            return done;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("QuarkusRequestWrapper.done() is not reachable (%s): after a WebSocket, graceful shutdown "
                    + "waits for quarkus.shutdown.timeout", e);
            return null;
        }
    }
}
