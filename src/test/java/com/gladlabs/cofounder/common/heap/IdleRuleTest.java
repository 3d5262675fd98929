package com.gladlabs.cofounder.common.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

/** The idle collection's rule, one sample at a time: two quiet samples, no collection between, growth. */
class IdleRuleTest {

    private static final long MIB = 1024 * 1024;
    private static final LongSupplier GROWN = () -> 8 * MIB;

    private final IdleRule rule = new IdleRule(2, 4 * MIB);

    @Test
    void collectsAfterTwoQuietSamplesWithNoCollectionBetweenWhenTheOldGenerationGrew() {
        assertThat(rule.sample(true, 10, GROWN)).as("first sample: no collection count to compare with").isFalse();
        assertThat(rule.sample(true, 10, GROWN)).as("first quiet sample").isFalse();
        assertThat(rule.sample(true, 10, GROWN)).as("second quiet sample in a row").isTrue();
    }

    @Test
    void aRequestInFlightOrWaitingStartsTheCountAgain() {
        rule.sample(true, 10, GROWN);
        assertThat(rule.sample(true, 10, GROWN)).isFalse();
        assertThat(rule.sample(false, 10, GROWN)).as("busy").isFalse();
        assertThat(rule.sample(true, 10, GROWN)).as("one quiet sample since").isFalse();
        assertThat(rule.sample(true, 10, GROWN)).isTrue();
    }

    @Test
    void aCollectionBetweenTwoSamplesMeansTheServiceWasNotIdle() {
        rule.sample(true, 10, GROWN);
        assertThat(rule.sample(true, 10, GROWN)).isFalse();
        assertThat(rule.sample(true, 11, GROWN)).as("a young collection since the last sample").isFalse();
        assertThat(rule.sample(true, 11, GROWN)).isFalse();
        assertThat(rule.sample(true, 11, GROWN)).isTrue();
    }

    @Test
    void anOldGenerationThatGrewLessThanTheMinimumIsLeftAlone() {
        long[] growth = {4 * MIB - 1};
        rule.sample(true, 10, () -> growth[0]);
        rule.sample(true, 10, () -> growth[0]);
        for (int i = 0; i < 10; i++) {
            assertThat(rule.sample(true, 10, () -> growth[0])).as("idle, grown by less than the minimum").isFalse();
        }
        growth[0] = 4 * MIB;
        assertThat(rule.sample(true, 10, () -> growth[0])).as("still idle, now grown by the minimum").isTrue();
    }

    @Test
    void afterItsCollectionAServiceThatStaysIdleIsNotCollectedAgainUntilTheOldGenerationGrows() {
        long[] growth = {8 * MIB};
        long collections = 10;
        rule.sample(true, collections, () -> growth[0]);
        rule.sample(true, collections, () -> growth[0]);
        assertThat(rule.sample(true, collections, () -> growth[0])).isTrue();
        // The collection it asked for: one more collection, the old generation back to what is live.
        collections++;
        growth[0] = 0;
        for (int i = 0; i < 20; i++) {
            assertThat(rule.sample(true, collections, () -> growth[0])).as("idle sample %d after the collection", i).isFalse();
        }
        // A burst: busy samples, young collections promoting into the old generation, then idle again.
        rule.sample(false, collections += 5, () -> growth[0]);
        growth[0] = 6 * MIB;
        assertThat(rule.sample(true, collections, () -> growth[0])).isFalse();
        assertThat(rule.sample(true, collections, () -> growth[0])).isTrue();
    }

    @Test
    void theGrowthIsReadOnlyWhenTheServiceIsIdle() {
        LongSupplier mustNotBeRead = () -> {
            throw new AssertionError("growth read while not idle");
        };
        rule.sample(false, 10, mustNotBeRead);
        rule.sample(true, 10, mustNotBeRead);
        rule.sample(true, 11, mustNotBeRead);
        rule.sample(false, 11, mustNotBeRead);
        assertThat(rule.sample(true, 11, mustNotBeRead)).isFalse();
    }

    @Test
    void aZeroMinimumStillNeedsSomeGrowth() {
        IdleRule any = new IdleRule(1, 0);
        any.sample(true, 1, () -> 0);
        assertThat(any.sample(true, 1, () -> 0)).as("nothing grew").isFalse();
        assertThat(any.sample(true, 1, () -> 1)).isTrue();
        assertThatThrownBy(() -> new IdleRule(0, MIB)).isInstanceOf(IllegalArgumentException.class);
    }
}
