package org.cryomine.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.cryomine.core.CryomineException;
import org.cryomine.core.ProgressListener;

/**
 * Computes diagnostics for choosing k over a range: for each k, the inertia of the first run, the silhouette on a
 * seeded sample of the points, the Calinski-Harabasz index on all points, and the stability across seeds (mean
 * adjusted Rand index between every pair of {@code stabilityRuns} fits with different seeds). Immutable.
 *
 * @param clusterer       the k-means configuration; its k is replaced by each k of the range, its seed seeds
 *                        everything else
 * @param kMin            the first k, at least 1
 * @param kMax            the last k (included if the step reaches it), at least kMin
 * @param step            the increment of k, at least 1
 * @param stabilityRuns   fits per k with different seeds, at least 1 (1: no stability is computed)
 * @param silhouetteSample points sampled (without replacement, seeded) for the silhouette, 2 to
 *                        {@link #MAX_SILHOUETTE_SAMPLE}; all points when there are fewer
 */
public record KSelector(KMeansClusterer clusterer, int kMin, int kMax, int step, int stabilityRuns,
                        int silhouetteSample) {

    /** Validates the configuration. */
    public KSelector {
        Objects.requireNonNull(clusterer, "clusterer");
        if (kMin < 1 || kMax < kMin) {
            throw new IllegalArgumentException("the k range must satisfy 1 <= kMin <= kMax, got " + kMin + ":" + kMax);
        }
        if (step < 1) {
            throw new IllegalArgumentException("step must be at least 1, got " + step);
        }
        if (stabilityRuns < 1) {
            throw new IllegalArgumentException("stabilityRuns must be at least 1, got " + stabilityRuns);
        }
        if (silhouetteSample < 2 || silhouetteSample > MAX_SILHOUETTE_SAMPLE) {
            throw new IllegalArgumentException("silhouetteSample must be between 2 and " + MAX_SILHOUETTE_SAMPLE
                    + ", got " + silhouetteSample);
        }
    }

    /** The largest silhouette sample: its pairwise distances take 2 * 10000^2 bytes = 200 MB. */
    public static final int MAX_SILHOUETTE_SAMPLE = 10_000;

    /** k from kMin to kMax in steps of 1, 3 stability runs, a silhouette sample of 2000 points. */
    public static KSelector range(KMeansClusterer clusterer, int kMin, int kMax) {
        return new KSelector(clusterer, kMin, kMax, 1, 3, 2000);
    }

    /** A copy with another step. */
    public KSelector withStep(int newStep) {
        return new KSelector(clusterer, kMin, kMax, newStep, stabilityRuns, silhouetteSample);
    }

    /** A copy with another number of stability runs. */
    public KSelector withStabilityRuns(int runs) {
        return new KSelector(clusterer, kMin, kMax, step, runs, silhouetteSample);
    }

    /** A copy with another silhouette sample size. */
    public KSelector withSilhouetteSample(int sample) {
        return new KSelector(clusterer, kMin, kMax, step, stabilityRuns, sample);
    }

    /** {@link #evaluate(float[][], ProgressListener)} without progress reports. */
    public KSelection evaluate(float[][] points) {
        return evaluate(points, ProgressListener.NONE);
    }

    /**
     * Fits k-means for every k of the range on {@code points} (not modified) and returns the diagnostics.
     *
     * @param listener receives ("choose-k", ks done, ks in total) and may cancel
     * @throws CryomineException if the input is bad or kMax exceeds the number of points
     */
    public KSelection evaluate(float[][] points, ProgressListener listener) {
        Points x = Points.of(points);
        if (kMax > x.n) {
            throw new CryomineException("the k range goes up to " + kMax + " but there are only " + x.n
                    + " points; choose a range ending at most at " + x.n);
        }
        SplittableRandom random = new SplittableRandom(clusterer.seed());
        long[] seeds = new long[stabilityRuns];
        for (int r = 0; r < stabilityRuns; r++) {
            seeds[r] = r == 0 ? clusterer.seed() : random.nextLong();
        }
        int[] sample = sample(x.n, Math.min(x.n, silhouetteSample), random);
        float[][] samplePoints = new float[sample.length][];
        for (int s = 0; s < sample.length; s++) {
            samplePoints[s] = points[sample[s]];
        }
        PairwiseDistances sampleDistances = new PairwiseDistances(samplePoints);
        List<KScore> scores = new ArrayList<>();
        int total = (kMax - kMin) / step + 1;
        for (int k = kMin; k <= kMax; k += step) {
            listener.checkCancelled();
            ClusterModel[] runs = new ClusterModel[stabilityRuns];
            for (int r = 0; r < stabilityRuns; r++) {
                runs[r] = clusterer.withK(k).withSeed(seeds[r]).fit(x, ProgressListener.NONE);
            }
            int[] labels = runs[0].assignments();
            int[] sampleLabels = new int[sample.length];
            for (int s = 0; s < sample.length; s++) {
                sampleLabels[s] = labels[sample[s]];
            }
            int[] dense = ClusterMetrics.denseLabels(sampleLabels);
            int sampleK = distinct(dense);
            double silhouette = sampleK >= 2 && sampleK <= sample.length - 1
                    ? ClusterMetrics.silhouette(sampleDistances::get, dense, sampleK) : Double.NaN;
            double ch = distinct(labels) >= 2 && distinct(labels) <= x.n - 1
                    ? ClusterMetrics.calinskiHarabasz(points, labels) : Double.NaN;
            double stability = Double.NaN;
            if (stabilityRuns > 1) {
                double sum = 0;
                int pairs = 0;
                for (int r = 0; r < stabilityRuns; r++) {
                    for (int q = r + 1; q < stabilityRuns; q++) {
                        sum += ClusterMetrics.adjustedRandIndex(runs[r].assignments(), runs[q].assignments());
                        pairs++;
                    }
                }
                stability = sum / pairs;
            }
            scores.add(new KScore(k, runs[0].inertia(), silhouette, ch, stability));
            listener.onProgress("choose-k", scores.size(), total);
        }
        return new KSelection(scores);
    }

    /** m distinct indices of [0, n) in increasing order (partial Fisher-Yates shuffle). */
    private static int[] sample(int n, int m, SplittableRandom random) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] out = java.util.Arrays.copyOf(idx, m);
        java.util.Arrays.sort(out);
        return out;
    }

    private static int distinct(int[] labels) {
        return (int) java.util.Arrays.stream(labels).distinct().count();
    }
}
