package com.gladlabs.cofounder.common.heap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The real readings in this JVM (G1 in the test runner): the old generation is found and its collection
 * is counted. How much it grew is not asserted here: the collector's own cycles move that reading at
 * any moment; {@link IdleCollectionTest} and {@link IdleRuleTest} use readings of their own for it.
 */
class JvmHeapTest {

    @Test
    void findsTheOldGenerationAndCountsTheCollectionItAsksFor() {
        JvmHeap heap = new JvmHeap();
        assertThat(heap.readable()).as("an old generation with a collection usage").isTrue();
        assertThat(JvmHeap.oldGeneration().getName()).containsAnyOf("Old", "Tenured");
        long before = heap.collections();
        heap.collect();
        assertThat(heap.collections()).as("collections counted by the JVM's collectors").isGreaterThan(before);
    }
}
