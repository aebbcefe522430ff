package org.cryomine.io.mrc;

/**
 * The header statistics dmin, dmax, dmean and rms of values added chunk by chunk, in double: dmean is the sum of
 * every value (within a chunk in four interleaved partial sums, so that the loop runs at the speed of the writing;
 * the chunks' sums added in order) over their count, rms the population standard deviation (as mrcfile's
 * {@code data.std()}) from each chunk's two-pass sum of squared deviations, combined with Chan et al.'s pairwise
 * formula. Both agree with a sequential two-pass computation to about 1e-15 relative, so the float32 header fields
 * agree but for a rare last-bit rounding. NaN values propagate to every statistic; dmin of 0 and -0 is -0, as
 * {@link Math#min}. Mutable, not thread-safe.
 */
final class MrcStatistics {

    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;
    private long count;
    private double chanMean;
    private double m2;

    /** Adds {@code values[from .. from + n)} (not modified) as one chunk (best of a size that stays in cache). */
    void add(float[] values, int from, int n) {
        if (n <= 0) {
            return;
        }
        int end = from + n;
        // three passes over the chunk while it is in cache: min and max in the plain form the JIT vectorizes (Math.min
        // and Math.max: NaN propagates, -0 wins over 0), the sum in four partial sums, then the squared deviations
        float mn = Float.POSITIVE_INFINITY;
        float mx = Float.NEGATIVE_INFINITY;
        for (int i = from; i < end; i++) {
            mn = Math.min(mn, values[i]);
            mx = Math.max(mx, values[i]);
        }
        min = Math.min(min, mn);
        max = Math.max(max, mx);
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (; i + 3 < end; i += 4) {
            s0 += values[i];
            s1 += values[i + 1];
            s2 += values[i + 2];
            s3 += values[i + 3];
        }
        for (; i < end; i++) {
            s0 += values[i];
        }
        double chunkSum = (s0 + s1) + (s2 + s3);
        sum += chunkSum;
        double chunkMean = chunkSum / n;
        double q0 = 0;
        double q1 = 0;
        double q2 = 0;
        double q3 = 0;
        i = from;
        for (; i + 3 < end; i += 4) {
            double a = values[i] - chunkMean;
            double b = values[i + 1] - chunkMean;
            double c = values[i + 2] - chunkMean;
            double d = values[i + 3] - chunkMean;
            q0 += a * a;
            q1 += b * b;
            q2 += c * c;
            q3 += d * d;
        }
        for (; i < end; i++) {
            double a = values[i] - chunkMean;
            q0 += a * a;
        }
        double sq = (q0 + q1) + (q2 + q3);
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

    /**
     * Adds every value {@code other} (not modified) holds, as if its chunks were one chunk added here: its count, sum,
     * minimum, maximum and sum of squared deviations combined with Chan et al.'s formula. Into an empty object this
     * copies {@code other} exactly.
     */
    void addAll(MrcStatistics other) {
        if (other.count == 0) {
            return;
        }
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        sum += other.sum;
        if (count == 0) {
            chanMean = other.chanMean;
            m2 = other.m2;
        } else {
            double delta = other.chanMean - chanMean;
            long total = count + other.count;
            chanMean += delta * other.count / total;
            m2 += other.m2 + delta * delta * ((double) count * other.count / total);
        }
        count += other.count;
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
