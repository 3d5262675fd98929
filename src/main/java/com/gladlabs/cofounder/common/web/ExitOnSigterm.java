package com.gladlabs.cofounder.common.web;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import sun.misc.Signal;

/**
 * SIGTERM as an orderly exit with status 0 for the packaged service. Left to the JVM, a SIGTERM
 * still runs the graceful shutdown (readiness DOWN, event streams ended, requests in flight finished
 * within quarkus.shutdown.timeout) but the process then exits 143; an orchestrator that asked the
 * service to stop should see it stop cleanly, with 0.
 * <p>
 * Only in the packaged service (launch mode normal): in dev mode {@link Quarkus#asyncExit} means
 * "the application ended, wait for a restart", so a SIGTERM handled this way left the dev JVM and
 * the embedded PostgreSQL (stopped by a JVM shutdown hook) running. The launch mode is read here,
 * at startup, because it is not yet known when the JVM's main method runs.
 */
@ApplicationScoped
public class ExitOnSigterm {

    void install(@Observes StartupEvent event) {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            Signal.handle(new Signal("TERM"), signal -> Quarkus.asyncExit(0));
        }
    }
}
