package org.cryomine.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
