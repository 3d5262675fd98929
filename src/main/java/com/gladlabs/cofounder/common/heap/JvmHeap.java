package com.gladlabs.cofounder.common.heap;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Locale;

/** The running JVM's heap, through its management beans; looked up when first asked, not at start. */
final class JvmHeap implements Heap {

    private final MemoryPoolMXBean old;
    private final List<GarbageCollectorMXBean> collectors;

    JvmHeap() {
        this.old = oldGeneration();
        this.collectors = ManagementFactory.getGarbageCollectorMXBeans();
    }

    @Override
    public boolean readable() {
        return old != null;
    }

    @Override
    public long collections() {
        long count = 0;
        for (GarbageCollectorMXBean collector : collectors) {
            count += Math.max(0, collector.getCollectionCount());
        }
        return count;
    }

    @Override
    public long oldGenerationGrowth() {
        MemoryUsage afterLast = old.getCollectionUsage();
        return old.getUsage().getUsed() - (afterLast == null ? 0 : afterLast.getUsed());
    }

    @Override
    public void collect() {
        System.gc();
    }

    /**
     * The heap pool that only full (or mixed) collections reclaim: "Tenured Gen" (serial), "PS Old Gen"
     * (parallel), "G1 Old Gen", "old generation space" (a native executable). Null when there is none
     * with a collection usage.
     */
    static MemoryPoolMXBean oldGeneration() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName().toLowerCase(Locale.ROOT);
            if (pool.getType() == MemoryType.HEAP && (name.contains("old") || name.contains("tenured"))
                    && pool.isValid() && pool.getCollectionUsage() != null) {
                return pool;
            }
        }
        return null;
    }
}
