package org.cryomine.cluster;

import java.util.Objects;
import org.cryomine.core.CryomineException;
import org.cryomine.core.ProgressListener;

/**
 * Chooses k from the data for over-clustering, where a person later merges clusters into groups: the k of
 * highest silhouette (sampled, {@link KSelector}) among at most 13 values from {@link #minK} to
 * {@code min(maxK, n / 10)}. Over-clustering is the method's intent (the paper uses k = 100 and lets the person
 * group), so the range starts at {@link #minK} rather than at 2, where the silhouette of noisy codes usually
 * peaks. Immutable.
 *
 * @param clusterer the k-means configuration (seed, restarts, threads); its k is replaced
 * @param minK      the smallest k tried (default 8)
 * @param maxK      the largest k tried (default 60); fewer when there are under 10 points per cluster
 */
public record AutoK(KMeansClusterer clusterer, int minK, int maxK) {

    /** The default smallest k; a choice needs at least twice as many points. */
    public static final int DEFAULT_MIN_K = 8;

    /** Most k values evaluated. */
    static final int MAX_VALUES = 13;

    /** Validates the range. */
    public AutoK {
        Objects.requireNonNull(clusterer, "clusterer");
        if (minK < 2 || maxK < minK) {
            throw new IllegalArgumentException("the automatic k range must satisfy 2 <= minK <= maxK, got " + minK + ":"
                    + maxK);
        }
    }

    /** The default range 8 to 60 with {@code clusterer}'s seed, restarts and threads. */
    public static AutoK of(KMeansClusterer clusterer) {
        return new AutoK(clusterer, DEFAULT_MIN_K, 60);
    }

    /** A copy with another range. */
    public AutoK withRange(int newMinK, int newMaxK) {
        return new AutoK(clusterer, newMinK, newMaxK);
    }

    /**
     * The chosen k and the diagnostics behind it.
     *
     * @param k          the chosen k
     * @param diagnostics one row per k tried
     */
    public record Choice(int k, KSelection diagnostics) {
    }

    /**
     * Evaluates the range on {@code points} (not modified) and returns the k of highest silhouette.
     *
     * @throws CryomineException when there are fewer than {@code 2 * minK} points
     */
    public Choice choose(float[][] points, ProgressListener listener) {
        int n = points.length;
        if (n < 2 * minK) {
            throw new CryomineException("only " + n + " subvolumes: too few to choose k automatically (at least "
                    + 2 * minK + "); give --k");
        }
        int hi = Math.max(minK, Math.min(maxK, n / 10));
        int step = Math.max(1, (int) Math.ceil((hi - minK) / (double) (MAX_VALUES - 1)));
        KSelection s = new KSelector(clusterer, minK, hi, step, 1, Math.min(2000, n)).evaluate(points, listener);
        int k = s.bestBySilhouette().orElse(minK);
        return new Choice(k, s);
    }
}
