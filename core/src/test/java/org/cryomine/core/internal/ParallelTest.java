package org.cryomine.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void coversTheRangeExactlyOnce() {
        AtomicIntegerArray hits = new AtomicIntegerArray(1001);
        Parallel.forRange(1001, 4, (from, to) -> {
            for (int i = from; i < to; i++) {
                hits.incrementAndGet(i);
            }
        });
        for (int i = 0; i < 1001; i++) {
            assertThat(hits.get(i)).isEqualTo(1);
        }
    }

    @Test
    void rethrowsAWorkersException() {
        assertThatThrownBy(() -> Parallel.forRange(10, 3, (from, to) -> {
            if (from > 0) {
                throw new IllegalStateException("boom");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    }

    @Test
    void chunksCoverTheRangeOnceWithOneScratchPerWorker() {
        for (int threads : new int[] {1, 2, 5}) {
            AtomicIntegerArray hits = new AtomicIntegerArray(103);
            AtomicInteger scratches = new AtomicInteger();
            Set<Object> used = ConcurrentHashMap.newKeySet();
            Parallel.forChunks(103, threads, 10, () -> {
                scratches.incrementAndGet();
                return new Object();
            }, (scratch, from, to) -> {
                used.add(scratch);
                assertThat(to - from).isBetween(1, 10);
                for (int i = from; i < to; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < 103; i++) {
                assertThat(hits.get(i)).isEqualTo(1);
            }
            assertThat(scratches.get()).isEqualTo(Math.min(threads, 11)).isGreaterThanOrEqualTo(used.size());
        }
        Parallel.forChunks(0, 2, 1, Object::new, (s, from, to) -> {
            throw new AssertionError("no work expected");
        });
        assertThatThrownBy(() -> Parallel.forChunks(5, 2, 0, Object::new, (s, from, to) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grain");
    }
}
