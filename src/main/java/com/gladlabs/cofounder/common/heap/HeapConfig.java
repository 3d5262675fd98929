package com.gladlabs.cofounder.common.heap;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/** What the service does with its heap between bursts of requests (env: COFOUNDER_HEAP_*). */
@ConfigMapping(prefix = "cofounder.heap")
public interface HeapConfig {

    IdleCollection idleCollection();

    /**
     * A full collection while the API is idle, when the old generation has grown since its last one:
     * the objects a burst left there (closed connections, requests that outlived young collections)
     * are otherwise collected only when the old generation fills, which is during the next burst.
     */
    interface IdleCollection {

        /** Off: the collector alone decides when the old generation is collected. */
        @WithDefault("true")
        boolean enabled();

        /** How long no API request may be in flight or waiting, and no collection run, before one is made. */
        @WithDefault("2s")
        Duration after();

        /** How much the old generation must have grown since its last collection for an idle one to be worth it. */
        @WithDefault("4M")
        @WithConverter(MemorySizeConverter.class)
        MemorySize minGrowth();
    }
}
