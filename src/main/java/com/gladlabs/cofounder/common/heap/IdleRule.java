package com.gladlabs.cofounder.common.heap;

import java.util.function.LongSupplier;

/**
 * When to collect, from one sample at a time: after {@code quietSamples} samples in a row with the API
 * quiet and no collection since the sample before, if the old generation has grown by at least
 * {@code minGrowth} since its last collection. Any load allocates enough for young collections, so a
 * collection between two samples means the service was not idle. Not thread-safe: one sampler.
 */
final class IdleRule {

    private final int quietSamples;
    private final long minGrowth;
    private long lastCollections = -1;
    private int quiet;

    IdleRule(int quietSamples, long minGrowth) {
        if (quietSamples < 1) {
            throw new IllegalArgumentException("quietSamples must be at least 1: " + quietSamples);
        }
        this.quietSamples = quietSamples;
        this.minGrowth = Math.max(1, minGrowth);
    }

    /**
     * One sample: whether the API is quiet now, the collections so far, and the old generation's growth
     * (read only when the rest says idle). True when a collection is due; the count of quiet samples
     * starts again from there.
     */
    boolean sample(boolean apiQuiet, long collections, LongSupplier growth) {
        boolean quietNow = apiQuiet && collections == lastCollections;
        lastCollections = collections;
        if (!quietNow) {
            quiet = 0;
            return false;
        }
        if (++quiet < quietSamples) {
            return false;
        }
        if (growth.getAsLong() < minGrowth) {
            return false;
        }
        quiet = 0;
        return true;
    }
}
