package org.cryomine.core.filter;

import java.util.Objects;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.internal.Parallel;

/**
 * A separable 3-D Gaussian filter with the semantics of scipy.ndimage.gaussian_filter (order 0):
 * along each axis the kernel has radius {@code int(truncate * sigma + 0.5)} voxels and weights
 * {@code exp(-x^2 / (2 sigma^2))} normalised to sum 1; the volume is extended beyond its faces by the
 * {@link BoundaryMode} (default {@link BoundaryMode#REFLECT}, scipy's default); axes with sigma 0 are left
 * alone. Each 1-D pass is stored as float32, the passes running z, y, x (scipy's order for an MRC array
 * indexed [z, y, x]).
 *
 * <p>Exactness: the kernel, boundary handling, pass order and float32 storage are scipy's; the one
 * difference is that the sums run in float32 (scipy: double) so that they vectorise, which moves results
 * by a few float32 ulps of the values summed (tests hold them within 1e-5 of the input's range of scipy
 * 1.10.1's in every boundary mode). The passes are cache-aware and multi-threaded (see the package
 * documentation).
 *
 * <p>Immutable and thread-safe: every {@code with*} method returns a new filter. Sigmas are in voxels,
 * given (x, y, z).
 */
public final class GaussianFilter {

    /** scipy's default truncation: the kernel reaches 4 standard deviations. */
    public static final double DEFAULT_TRUNCATE = 4.0;

    private final double sigmaX;
    private final double sigmaY;
    private final double sigmaZ;
    private final double truncate;
    private final BoundaryMode mode;
    private final double cval;
    private final int threads;

    private GaussianFilter(double sigmaX, double sigmaY, double sigmaZ, double truncate, BoundaryMode mode, double cval,
                           int threads) {
        checkSigma("x", sigmaX);
        checkSigma("y", sigmaY);
        checkSigma("z", sigmaZ);
        if (!(truncate > 0) || !Double.isFinite(truncate)) {
            throw new IllegalArgumentException("truncate must be a positive number of standard deviations, got " + truncate);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (!Double.isFinite(cval)) {
            throw new IllegalArgumentException("the constant for BoundaryMode.CONSTANT must be finite, got " + cval);
        }
        this.sigmaX = sigmaX;
        this.sigmaY = sigmaY;
        this.sigmaZ = sigmaZ;
        this.truncate = truncate;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.cval = cval;
        this.threads = threads;
    }

    private static void checkSigma(String axis, double sigma) {
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("Gaussian sigma along " + axis + " must be a finite number of voxels >= 0, got "
                    + sigma);
        }
    }

    /** An isotropic filter of {@code sigma} voxels with scipy's defaults (reflect, truncate 4). */
    public static GaussianFilter of(double sigma) {
        return of(sigma, sigma, sigma);
    }

    /** A filter with its own sigma (voxels) along x, y and z. */
    public static GaussianFilter of(double sigmaX, double sigmaY, double sigmaZ) {
        return new GaussianFilter(sigmaX, sigmaY, sigmaZ, DEFAULT_TRUNCATE, BoundaryMode.REFLECT, 0,
                Parallel.defaultThreads());
    }

    /** The same filter whose kernels reach {@code truncate} standard deviations. */
    public GaussianFilter withTruncate(double newTruncate) {
        return new GaussianFilter(sigmaX, sigmaY, sigmaZ, newTruncate, mode, cval, threads);
    }

    /** The same filter with another boundary mode. */
    public GaussianFilter withMode(BoundaryMode newMode) {
        return new GaussianFilter(sigmaX, sigmaY, sigmaZ, truncate, newMode, cval, threads);
    }

    /** The same filter with {@link BoundaryMode#CONSTANT} and the given constant outside the volume. */
    public GaussianFilter withConstant(double constant) {
        return new GaussianFilter(sigmaX, sigmaY, sigmaZ, truncate, BoundaryMode.CONSTANT, constant, threads);
    }

    /** The same filter running on {@code n} threads (default: the number of available processors). */
    public GaussianFilter withThreads(int n) {
        return new GaussianFilter(sigmaX, sigmaY, sigmaZ, truncate, mode, cval, n);
    }

    public double sigmaX() {
        return sigmaX;
    }

    public double sigmaY() {
        return sigmaY;
    }

    public double sigmaZ() {
        return sigmaZ;
    }

    public double truncate() {
        return truncate;
    }

    public BoundaryMode mode() {
        return mode;
    }

    public double constant() {
        return cval;
    }

    public int threads() {
        return threads;
    }

    /** Kernel radius in voxels for {@code sigma}, as scipy computes it: {@code int(truncate * sigma + 0.5)}. */
    public static int radius(double sigma, double truncate) {
        return (int) (truncate * sigma + 0.5);
    }

    /** The normalised 1-D kernel (length 2 radius + 1, centre in the middle) scipy uses for {@code sigma}. */
    public static double[] kernel(double sigma, double truncate) {
        int r = radius(sigma, truncate);
        double[] w = new double[2 * r + 1];
        double s2 = sigma * sigma;
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            w[i + r] = Math.exp(-0.5 / s2 * i * i);
            sum += w[i + r];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return w;
    }

    /** Filters {@code input} into a new volume (same voxel size and origin); {@code input} is not modified. */
    public Volume apply(Volume input) {
        return apply(input, ProgressListener.NONE);
    }

    /**
     * Filters {@code input} into a new volume (same voxel size and origin); {@code input} is not modified.
     * Reports stage {@code "gaussian"} (3 units: the z pass, then the fused y and x passes) and checks for
     * cancellation between passes.
     */
    public Volume apply(Volume input, ProgressListener listener) {
        float[] data = filter(input, listener, 0f);
        return Volume.wrap(data, input.nx(), input.ny(), input.nz(), input.voxelSize(), input.origin());
    }

    /**
     * The filtered {@code input - offset} (with the boundary constant shifted alike) as a new array: the
     * result minus {@code offset}, but summed without the offset's rounding errors, which is how
     * {@link DogFilter} keeps a large constant offset from swamping its difference.
     */
    float[] filter(Volume input, ProgressListener listener, float offset) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(listener, "listener");
        int nx = input.nx();
        int ny = input.ny();
        int nz = input.nz();
        float[] in = input.data();
        float[] out = null;
        listener.checkCancelled();
        RowConvolution z = rowConvolution(sigmaZ, offset);
        if (z != null) {
            out = new float[in.length];
            VolumePasses.zPass(in, new float[][] {out}, nx, ny, nz, new RowConvolution[] {z}, offset, threads);
        }
        listener.onProgress("gaussian", 1, 3);
        listener.checkCancelled();
        RowConvolution y = rowConvolution(sigmaY, offset);
        RowConvolution x = rowConvolution(sigmaX, offset);
        if (y != null || x != null) {
            float[] src = out == null ? in : out;
            float shift = out == null ? offset : 0f;
            if (out == null) {
                out = new float[in.length];
            }
            VolumePasses.yxPass(new float[][] {src}, out, nx, ny, nz, new RowConvolution[] {y}, new RowConvolution[] {x},
                    false, shift, threads);
        }
        listener.onProgress("gaussian", 3, 3);
        if (out == null) {
            out = in.clone();
            if (offset != 0) {
                for (int i = 0; i < out.length; i++) {
                    out[i] -= offset;
                }
            }
        }
        return out;
    }

    /**
     * The 1-D pass for {@code sigma} with this filter's truncation and boundary (its constant shifted by
     * {@code -offset}), or null for sigma 0.
     */
    RowConvolution rowConvolution(double sigma, float offset) {
        return sigma > 1e-15 ? new RowConvolution(kernel(sigma, truncate), mode, cval - offset) : null;
    }

    @Override
    public String toString() {
        return "GaussianFilter[sigma=(" + sigmaX + ", " + sigmaY + ", " + sigmaZ + ") voxels, truncate=" + truncate
                + ", mode=" + mode + (mode == BoundaryMode.CONSTANT ? " " + cval : "") + ", threads=" + threads + "]";
    }
}
