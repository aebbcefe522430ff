package org.cryomine.core.stats;

import java.util.SplittableRandom;

/** Standard normal deviates from a seeded generator (Marsaglia's polar method). Stateless. */
public final class NormalDeviates {

    private NormalDeviates() {
    }

    /**
     * Fills {@code out[from .. to)} with independent standard normal values drawn from {@code random}, two per
     * accepted pair in order (the second of the last pair dropped when the count is odd).
     */
    public static void fill(float[] out, int from, int to, SplittableRandom random) {
        for (int i = from; i < to; i += 2) {
            double u;
            double w;
            double s;
            do {
                u = 2 * random.nextDouble() - 1;
                w = 2 * random.nextDouble() - 1;
                s = u * u + w * w;
            } while (s >= 1 || s == 0);
            double m = Math.sqrt(-2 * Math.log(s) / s);
            out[i] = (float) (u * m);
            if (i + 1 < to) {
                out[i + 1] = (float) (w * m);
            }
        }
    }
}
