package com.gladlabs.cofounder.common.heap;

/**
 * What the idle collection reads from the JVM and asks of it. {@link JvmHeap} is the real one; a test
 * may give {@link IdleCollection} readings of its own, since the JVM's own collections change the real
 * ones at moments no test controls.
 */
interface Heap {

    /** Whether this runtime has an old generation whose growth can be read; if not, nothing is collected. */
    boolean readable();

    /** Collections of any kind since the JVM started. */
    long collections();

    /** How much the old generation holds beyond what its last collection left there, in bytes. */
    long oldGenerationGrowth();

    /** A full collection; returns when it is done. */
    void collect();
}
