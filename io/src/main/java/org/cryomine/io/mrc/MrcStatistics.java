package org.cryomine.io.mrc;

/**
 * The header statistics dmin, dmax, dmean and rms of values added chunk by chunk, in double: dmean is the
 * running sum of every value in the order added over their count (so it equals the two-pass mean of all
 * values exactly), rms the population standard deviation (as mrcfile's {@code data.std()}) from each chunk's
 * two-pass sum of squared deviations, combined with Chan et al.'s pairwise formula. One chunk gives exactly the
 * two-pass result; several chunks agree with it to about 1e-15 relative (so the float32 header field agrees but
 * for a rare last-bit rounding). NaN values propagate to every statistic. Mutable, not thread-safe.
 */
final class MrcStatistics {

    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;
    private long count;
    private double chanMean;
    private double m2;

    /** Adds {@code values[from .. from + n)} (not modified) as one chunk. */
    void add(float[] values, int from, int n) {
        if (n <= 0) {
            return;
        }
        double chunkSum = 0;
        for (int i = from; i < from + n; i++) {
            float v = values[i];
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            chunkSum += v;
        }
        double chunkMean = chunkSum / n;
        double sq = 0;
        for (int i = from; i < from + n; i++) {
            float v = values[i];
            sq += (v - chunkMean) * (v - chunkMean);
        }
        if (count == 0) {
            chanMean = chunkMean;
            m2 = sq;
        } else {
            double delta = chunkMean - chanMean;
            long total = count + n;
            chanMean += delta * n / total;
            m2 += sq + delta * delta * ((double) count * n / total);
        }
        count += n;
    }

    /** Number of values added. */
    long count() {
        return count;
    }

    /** Sets {@code h}'s dmin, dmax, dmean and rms (modified) from the values added so far (at least one). */
    void applyTo(MrcHeader h) {
        if (count == 0) {
            throw new IllegalStateException("no values added");
        }
        h.dmin = (float) min;
        h.dmax = (float) max;
        h.dmean = (float) (sum / count);
        h.rms = (float) Math.sqrt(m2 / count);
    }
}
