package org.cryomine.cluster;

import java.util.SplittableRandom;
import org.cryomine.core.CryomineException;
import org.cryomine.core.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * k-means configuration: greedy k-means++ seeding (scikit-learn's form, {@code 2 + floor(ln k)} candidates per
 * centre) followed by Lloyd iterations accelerated with Hamerly's bounds, on several threads, repeated
 * {@code restarts} times keeping the lowest inertia. Immutable and thread-safe; {@code with*} methods return
 * new instances. {@link #fit(float[][])} returns a separate {@link ClusterModel}.
 *
 * <p>Results depend only on the data and the configuration, never on the number of threads. The random
 * stream is Java's {@link SplittableRandom}: the same seed gives the same model in every run, but not the
 * model scikit-learn gives for that seed number.
 *
 * @param k             number of clusters, at least 1 and at most the number of points
 * @param seed          seed of the random choices (k-means++ draws, restarts)
 * @param maxIterations maximum Lloyd iterations per restart, at least 1 (scikit-learn: 300)
 * @param tolerance     relative tolerance, scikit-learn's {@code tol}: iterations stop when the sum over centres
 *                      of the squared centre shift is at most {@code tolerance} times the mean over dimensions of
 *                      the data's variance (or when no label changes); at least 0 (scikit-learn: 1e-4)
 * @param restarts      number of seedings, scikit-learn's {@code n_init}, at least 1
 * @param threads       worker threads, at least 1
 */
public record KMeansClusterer(int k, long seed, int maxIterations, double tolerance, int restarts, int threads) {

    private static final Logger LOG = LoggerFactory.getLogger(KMeansClusterer.class);

    /** Validates the configuration. */
    public KMeansClusterer {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be at least 1, got " + maxIterations);
        }
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be finite and at least 0, got " + tolerance);
        }
        if (restarts < 1) {
            throw new IllegalArgumentException("restarts must be at least 1, got " + restarts);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /**
     * k clusters with scikit-learn's defaults otherwise (seed 0, 300 iterations, tolerance 1e-4, one restart)
     * and one thread per available processor.
     */
    public static KMeansClusterer withK(int k) {
        return new KMeansClusterer(k, 0L, 300, 1e-4, 1, Runtime.getRuntime().availableProcessors());
    }

    /** A copy with another number of clusters. */
    public KMeansClusterer withClusters(int newK) {
        return new KMeansClusterer(newK, seed, maxIterations, tolerance, restarts, threads);
    }

    /** A copy with another seed. */
    public KMeansClusterer withSeed(long newSeed) {
        return new KMeansClusterer(k, newSeed, maxIterations, tolerance, restarts, threads);
    }

    /** A copy with another iteration limit. */
    public KMeansClusterer withMaxIterations(int newMaxIterations) {
        return new KMeansClusterer(k, seed, newMaxIterations, tolerance, restarts, threads);
    }

    /** A copy with another relative tolerance. */
    public KMeansClusterer withTolerance(double newTolerance) {
        return new KMeansClusterer(k, seed, maxIterations, newTolerance, restarts, threads);
    }

    /** A copy with another number of restarts. */
    public KMeansClusterer withRestarts(int newRestarts) {
        return new KMeansClusterer(k, seed, maxIterations, tolerance, newRestarts, threads);
    }

    /** A copy with another number of threads (the result does not depend on it). */
    public KMeansClusterer withThreads(int newThreads) {
        return new KMeansClusterer(k, seed, maxIterations, tolerance, restarts, newThreads);
    }

    /** {@link #fit(float[][], ProgressListener)} without progress reports. */
    public ClusterModel fit(float[][] points) {
        return fit(points, ProgressListener.NONE);
    }

    /**
     * Clusters {@code points} (n rows of d values, not modified).
     *
     * @param listener receives ("k-means", iteration, maxIterations) per iteration and may cancel
     * @throws CryomineException if the input is empty or ragged, holds NaN or infinite values, or has fewer
     *                           points than k
     */
    public ClusterModel fit(float[][] points, ProgressListener listener) {
        return fit(Points.of(points), listener);
    }

    ClusterModel fit(Points x, ProgressListener listener) {
        if (k > x.n) {
            throw new CryomineException("k = " + k + " is larger than the number of points (" + x.n
                    + "); choose k of at most " + x.n);
        }
        double absoluteTolerance = tolerance * x.meanVariance();
        SplittableRandom master = new SplittableRandom(seed);
        HamerlyLloyd.Result best = null;
        try (ChunkExecutor exec = new ChunkExecutor(threads)) {
            for (int r = 0; r < restarts; r++) {
                listener.checkCancelled();
                SplittableRandom random = master.split();
                float[] init = KMeansPlusPlus.seed(x, k, random, exec);
                HamerlyLloyd.Result result = HamerlyLloyd.run(x, init, maxIterations, absoluteTolerance, exec, listener);
                LOG.debug("k-means restart {}: inertia {}, {} iterations", r, result.inertia(), result.iterations());
                if (best == null || result.inertia() < best.inertia()) {
                    best = result;
                }
            }
        }
        if (!best.converged()) {
            LOG.warn("k-means did not converge in {} iterations; raise maxIterations", maxIterations);
        }
        ClusterModel model = ClusterModel.canonical(k, x.d, best.centres(), best.labels(), best.inertia(),
                best.iterations(), this);
        int empty = 0;
        for (int s : model.sizes()) {
            if (s == 0) {
                empty++;
            }
        }
        if (empty > 0) {
            LOG.warn("{} of {} clusters are empty: the data has fewer distinct points than k", empty, k);
        }
        return model;
    }
}
