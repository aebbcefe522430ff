package org.cryomine.io.mrc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** IEEE 754 binary16 conversion; expected bit patterns from the IEEE 754-2008 definition (and numpy's float16). */
class Float16Test {

    @Test
    void everyHalfRoundTrips() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Float16.toFloat((short) h);
            if (Float.isNaN(f)) {
                assertThat((h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0).isTrue();
                assertThat(Float.isNaN(Float16.toFloat(Float16.fromFloat(f)))).isTrue();
            } else {
                assertThat(Float16.fromFloat(f) & 0xffff).as("half 0x%04x", h).isEqualTo(h);
            }
        }
    }

    @Test
    void knownValues() {
        assertThat(bits(1f)).isEqualTo(0x3c00);
        assertThat(bits(-2f)).isEqualTo(0xc000);
        assertThat(bits(65504f)).isEqualTo(0x7bff);
        assertThat(bits(65519.99f)).isEqualTo(0x7bff);
        assertThat(bits(65520f)).isEqualTo(0x7c00);          // tie between 65504 and 2^16: even -> inf (numpy: inf)
        assertThat(bits(Float.POSITIVE_INFINITY)).isEqualTo(0x7c00);
        assertThat(bits(Float.NEGATIVE_INFINITY)).isEqualTo(0xfc00);
        assertThat(bits(-0f)).isEqualTo(0x8000);
        assertThat(bits(0x1p-24f)).isEqualTo(0x0001);        // smallest subnormal
        assertThat(bits(0x1p-25f)).isEqualTo(0x0000);        // tie with zero: even -> 0
        assertThat(bits(0x1.8p-25f)).isEqualTo(0x0001);
        assertThat(bits(0x1p-14f)).isEqualTo(0x0400);        // smallest normal
        assertThat(bits(0x1p-14f - 0x1p-25f)).isEqualTo(0x0400); // tie 0x3ff / 0x400: even
        assertThat(bits(1f + 0x1p-11f)).isEqualTo(0x3c00);   // tie: even
        assertThat(bits(1f + 3 * 0x1p-11f)).isEqualTo(0x3c02); // tie: even (up)
        assertThat(bits(1e-10f)).isEqualTo(0);
        assertThat(Float16.toFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(Float16.toFloat((short) 0x7bff)).isEqualTo(65504f);
        assertThat(Float.isNaN(Float16.toFloat(Float16.fromFloat(Float.NaN)))).isTrue();
    }

    @Test
    void randomFloatsGoToTheNearestHalfTiesToEven() {
        float[] halves = new float[0x7c01]; // every non-negative finite half and +inf, increasing
        for (int h = 0; h <= 0x7c00; h++) {
            halves[h] = Float16.toFloat((short) h);
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            float f = (float) Math.scalb(random.nextDouble(), random.nextInt(-28, 18));
            int got = Float16.fromFloat(f) & 0xffff;
            assertThat(got).as("%s", f).isEqualTo(nearest(halves, f));
            assertThat(Float16.fromFloat(-f) & 0xffff).isEqualTo(got | 0x8000);
        }
    }

    private static int nearest(float[] halves, float f) {
        int idx = java.util.Arrays.binarySearch(halves, 0, 0x7c00, f);
        if (idx >= 0) {
            return idx;
        }
        int above = -idx - 1;
        int below = above - 1;
        double max = 65504.0 + 16.0; // beyond 65520 everything is infinity
        if (above >= 0x7c00) {
            return f >= max ? 0x7c00 : 0x7bff;
        }
        double dBelow = f - (double) halves[below];
        double dAbove = (double) halves[above] - f;
        if (dBelow < dAbove) {
            return below;
        }
        if (dAbove < dBelow) {
            return above;
        }
        return (below & 1) == 0 ? below : above;
    }

    private static int bits(float f) {
        return Float16.fromFloat(f) & 0xffff;
    }
}
