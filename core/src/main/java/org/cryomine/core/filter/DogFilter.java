package org.cryomine.core.filter;

import java.util.Objects;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.internal.Parallel;

/**
 * Difference of Gaussians {@code DoG = G(sigma) - G(K sigma)}, optionally after a pre-smoothing
 * {@code G(smoothingSigma)} (DESIGN step 1: smoothing 2, sigma 5, K 1.1). Each Gaussian is a
 * {@link GaussianFilter} (scipy semantics, with the exactness stated there); the difference is taken in
 * float32 as scipy does for a float32 array. The two Gaussians are computed together, sharing each read of
 * the (smoothed) volume, and the subtraction happens inside their last pass. The filters run on the input
 * minus its typical value ({@link #typicalValue}), which changes nothing in exact arithmetic but keeps a
 * large offset from swamping the small difference in float32 (scipy's own float32 storage of the two
 * Gaussians loses about ulp(offset) there).
 *
 * <p>The pre-smoothing is a separate Gaussian, not composed into the DoG's: {@code G(s) * G(sigma)} equals
 * {@code G(sqrt(s^2 + sigma^2))} only for untruncated kernels on an unbounded volume, so composing would
 * depart from scipy's truncated kernels and boundary modes near the faces (and save one Gaussian of three,
 * the smallest).
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
    private final boolean negated;

    private DogFilter(double sigma, double ratio, double smoothingSigma, double truncate, BoundaryMode mode, int threads,
                      boolean negated) {
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
        this.negated = negated;
        GaussianFilter.of(sigma).withTruncate(truncate).withThreads(threads); // validates the rest
    }

    /** {@code G(sigma) - G(ratio * sigma)} without pre-smoothing, scipy defaults (reflect, truncate 4). */
    public static DogFilter of(double sigma, double ratio) {
        return new DogFilter(sigma, ratio, 0, GaussianFilter.DEFAULT_TRUNCATE, BoundaryMode.REFLECT,
                Parallel.defaultThreads(), false);
    }

    /** The same filter, applied after a Gaussian pre-smoothing of {@code s} voxels (0 = none). */
    public DogFilter withSmoothing(double s) {
        return new DogFilter(sigma, ratio, s, truncate, mode, threads, negated);
    }

    public DogFilter withTruncate(double t) {
        return new DogFilter(sigma, ratio, smoothingSigma, t, mode, threads, negated);
    }

    public DogFilter withMode(BoundaryMode m) {
        return new DogFilter(sigma, ratio, smoothingSigma, truncate, m, threads, negated);
    }

    public DogFilter withThreads(int n) {
        return new DogFilter(sigma, ratio, smoothingSigma, truncate, mode, n, negated);
    }

    /**
     * With {@code true}, the filter computes the negated DoG {@code G(K sigma) - G(sigma)} inside its last
     * pass (equal to the negation of the DoG, float32 subtraction being antisymmetric, except that a zero
     * is +0), saving a pass over the result when dark particles should be maxima.
     */
    public DogFilter withNegation(boolean negate) {
        return new DogFilter(sigma, ratio, smoothingSigma, truncate, mode, threads, negate);
    }

    /** Whether the result is negated ({@link #withNegation}). */
    public boolean negated() {
        return negated;
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

    /**
     * The DoG of {@code input} as a new volume (same voxel size and origin); {@code input} is not modified.
     * Reports stage {@code "dog"}: one unit for the smoothing (when there is one), one for the z passes of
     * both Gaussians, one for their fused y and x passes with the subtraction; checks for cancellation
     * between them.
     */
    public Volume apply(Volume input, ProgressListener listener) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(listener, "listener");
        int nx = input.nx();
        int ny = input.ny();
        int nz = input.nz();
        int total = smoothingSigma > 0 ? 3 : 2;
        int done = 0;
        float offset = typicalValue(input.data());
        float[] smoothed = input.data();
        float offsetLeft = offset; // what the DoG passes still have to subtract from what they read
        float[] first;
        if (smoothingSigma > 0) {
            smoothed = gaussian(smoothingSigma).filter(input, ProgressListener.NONE, offset);
            offsetLeft = 0;
            first = smoothed; // ours to overwrite
            listener.onProgress("dog", ++done, total);
        } else {
            first = new float[smoothed.length];
        }
        listener.checkCancelled();
        GaussianFilter g = gaussian(sigma);
        RowConvolution[] both = {g.rowConvolution(sigma, offset), g.rowConvolution(sigma * ratio, offset)};
        float[] second = new float[smoothed.length];
        VolumePasses.zPass(smoothed, new float[][] {first, second}, nx, ny, nz, both, offsetLeft, threads);
        listener.onProgress("dog", ++done, total);
        listener.checkCancelled();
        if (negated) {
            RowConvolution[] swapped = {both[1], both[0]};
            VolumePasses.yxPass(new float[][] {second, first}, first, nx, ny, nz, swapped, swapped, true, 0f, threads);
        } else {
            VolumePasses.yxPass(new float[][] {first, second}, first, nx, ny, nz, both, both, true, 0f, threads);
        }
        listener.onProgress("dog", ++done, total);
        return Volume.wrap(first, nx, ny, nz, input.voxelSize(), input.origin());
    }

    /**
     * The mean of up to 2^16 evenly spread voxels (0 if not finite): subtracted from the input before
     * filtering, which leaves the DoG unchanged (both kernels sum to 1; the boundary constant is shifted
     * alike) but keeps a large offset, such as a raw tomogram's, from costing the difference its precision.
     * Public so that other implementations of the same DoG (the CUDA kernels) subtract the same value.
     *
     * @param data voxels, x fastest (not modified)
     */
    public static float typicalValue(float[] data) {
        int step = Math.max(1, data.length >>> 16);
        double sum = 0;
        int n = 0;
        for (int i = step / 2; i < data.length; i += step) {
            sum += data[i];
            n++;
        }
        double mean = n == 0 ? 0 : sum / n;
        return Double.isFinite(mean) ? (float) mean : 0f;
    }

    @Override
    public String toString() {
        return "DogFilter[sigma=" + sigma + ", K=" + ratio + ", smoothing=" + smoothingSigma + " voxels, mode=" + mode
                + (negated ? ", negated" : "") + "]";
    }
}
