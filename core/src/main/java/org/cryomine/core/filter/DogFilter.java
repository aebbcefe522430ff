package org.cryomine.core.filter;

import java.util.Objects;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.internal.Parallel;

/**
 * Difference of Gaussians {@code DoG = G(sigma) - G(K sigma)}, optionally after a pre-smoothing
 * {@code G(smoothingSigma)} (DESIGN step 1: smoothing 2, sigma 5, K 1.1). Each Gaussian is a
 * {@link GaussianFilter} (scipy semantics); the difference is taken in float32 as scipy does for a float32
 * array.
 *
 * <p>Sign: a dark (negative) blob gives a strongly <em>negative</em> DoG at its centre, a bright blob a
 * positive one. A ball of radius r responds most strongly at sigma &asymp; r / &radic;3 (for K close to 1).
 *
 * <p>Immutable and thread-safe. Sigmas in voxels (isotropic).
 */
public final class DogFilter {

    private final double sigma;
    private final double ratio;
    private final double smoothingSigma;
    private final double truncate;
    private final BoundaryMode mode;
    private final int threads;

    private DogFilter(double sigma, double ratio, double smoothingSigma, double truncate, BoundaryMode mode, int threads) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("DoG sigma must be a positive number of voxels, got " + sigma);
        }
        if (!(ratio > 1) || !Double.isFinite(ratio)) {
            throw new IllegalArgumentException("DoG scale ratio K must be greater than 1, got " + ratio);
        }
        if (!(smoothingSigma >= 0) || !Double.isFinite(smoothingSigma)) {
            throw new IllegalArgumentException("smoothing sigma must be >= 0 voxels (0 = none), got " + smoothingSigma);
        }
        this.sigma = sigma;
        this.ratio = ratio;
        this.smoothingSigma = smoothingSigma;
        this.truncate = truncate;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.threads = threads;
        GaussianFilter.of(sigma).withTruncate(truncate).withThreads(threads); // validates the rest
    }

    /** {@code G(sigma) - G(ratio * sigma)} without pre-smoothing, scipy defaults (reflect, truncate 4). */
    public static DogFilter of(double sigma, double ratio) {
        return new DogFilter(sigma, ratio, 0, GaussianFilter.DEFAULT_TRUNCATE, BoundaryMode.REFLECT,
                Parallel.defaultThreads());
    }

    /** The same filter, applied after a Gaussian pre-smoothing of {@code s} voxels (0 = none). */
    public DogFilter withSmoothing(double s) {
        return new DogFilter(sigma, ratio, s, truncate, mode, threads);
    }

    public DogFilter withTruncate(double t) {
        return new DogFilter(sigma, ratio, smoothingSigma, t, mode, threads);
    }

    public DogFilter withMode(BoundaryMode m) {
        return new DogFilter(sigma, ratio, smoothingSigma, truncate, m, threads);
    }

    public DogFilter withThreads(int n) {
        return new DogFilter(sigma, ratio, smoothingSigma, truncate, mode, n);
    }

    public double sigma() {
        return sigma;
    }

    public double ratio() {
        return ratio;
    }

    public double smoothingSigma() {
        return smoothingSigma;
    }

    private GaussianFilter gaussian(double s) {
        return GaussianFilter.of(s).withTruncate(truncate).withMode(mode).withThreads(threads);
    }

    /** The DoG of {@code input} as a new volume; {@code input} is not modified. */
    public Volume apply(Volume input) {
        return apply(input, ProgressListener.NONE);
    }

    /** The DoG of {@code input} as a new volume; reports stage {@code "dog"} (one unit per Gaussian). */
    public Volume apply(Volume input, ProgressListener listener) {
        Objects.requireNonNull(input, "input");
        int total = smoothingSigma > 0 ? 3 : 2;
        int done = 0;
        Volume g = input;
        if (smoothingSigma > 0) {
            g = gaussian(smoothingSigma).apply(input);
            listener.onProgress("dog", ++done, total);
            listener.checkCancelled();
        }
        Volume a = gaussian(sigma).apply(g);
        listener.onProgress("dog", ++done, total);
        listener.checkCancelled();
        Volume b = gaussian(sigma * ratio).apply(g);
        listener.onProgress("dog", ++done, total);
        float[] ad = a.data();
        float[] bd = b.data();
        for (int i = 0; i < ad.length; i++) {
            ad[i] = ad[i] - bd[i];
        }
        return a;
    }

    @Override
    public String toString() {
        return "DogFilter[sigma=" + sigma + ", K=" + ratio + ", smoothing=" + smoothingSigma + " voxels, mode=" + mode + "]";
    }
}
