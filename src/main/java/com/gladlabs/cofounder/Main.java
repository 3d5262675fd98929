package com.gladlabs.cofounder;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import sun.misc.Signal;

/**
 * The service's entry point: Quarkus' own, plus SIGTERM as an orderly exit. Left to the JVM, a
 * SIGTERM still runs the graceful shutdown (readiness DOWN, event streams ended, requests in flight
 * finished within quarkus.shutdown.timeout) but the process then exits 143; an orchestrator that
 * asked the service to stop should see it stop cleanly, with 0.
 */
@QuarkusMain
public final class Main {

    public static void main(String... args) {
        Signal.handle(new Signal("TERM"), signal -> Quarkus.asyncExit(0));
        Quarkus.run(args);
    }
}
