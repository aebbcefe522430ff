package org.cryomine.core.accel;

import java.util.Objects;
import org.cryomine.core.filter.BoundaryMode;
import org.cryomine.core.filter.DogFilter;
import org.cryomine.core.filter.GaussianFilter;

/**
 * What to compute: the signed response {@code sign * (G(sigma) - G(ratio sigma))} of the volume after an
 * optional pre-smoothing {@code G(smoothingSigma)}, with the semantics of {@link DogFilter} and {@link
 * GaussianFilter} (kernel radius {@code int(truncate sigma + 0.5)}, weights from {@link
 * GaussianFilter#kernel}, boundary {@code mode} with constant 0 for {@link BoundaryMode#CONSTANT}, passes z,
 * y, x each stored as float32, the difference taken in float32 and then multiplied by {@code sign}).
 * Sigmas in voxels, isotropic.
 *
 * @param smoothingSigma pre-smoothing sigma in voxels, 0 for none
 * @param sigma          DoG sigma in voxels, &gt; 0
 * @param ratio          DoG scale ratio K, &gt; 1
 * @param truncate       kernel reach in standard deviations, &gt; 0 (scipy's default 4)
 * @param mode           how the volume extends beyond its faces
 * @param sign           +1 or -1: the response is the DoG times this (so that particles are maxima)
 */
public record DogRequest(double smoothingSigma, double sigma, double ratio, double truncate, BoundaryMode mode,
                         int sign) {

    public DogRequest {
        if (!(smoothingSigma >= 0) || !Double.isFinite(smoothingSigma)) {
            throw new IllegalArgumentException("smoothing sigma must be >= 0 voxels (0 = none), got " + smoothingSigma);
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("DoG sigma must be a positive number of voxels, got " + sigma);
        }
        if (!(ratio > 1) || !Double.isFinite(ratio)) {
            throw new IllegalArgumentException("DoG scale ratio K must be greater than 1, got " + ratio);
        }
        if (!(truncate > 0) || !Double.isFinite(truncate)) {
            throw new IllegalArgumentException("truncate must be a positive number of standard deviations, got " + truncate);
        }
        Objects.requireNonNull(mode, "mode");
        if (sign != 1 && sign != -1) {
            throw new IllegalArgumentException("sign must be +1 or -1, got " + sign);
        }
    }

    /** scipy's defaults (reflect, truncate 4) for the given sigmas and sign. */
    public static DogRequest of(double smoothingSigma, double sigma, double ratio, int sign) {
        return new DogRequest(smoothingSigma, sigma, ratio, GaussianFilter.DEFAULT_TRUNCATE, BoundaryMode.REFLECT, sign);
    }

    /** The same request with another boundary mode. */
    public DogRequest withMode(BoundaryMode m) {
        return new DogRequest(smoothingSigma, sigma, ratio, truncate, m, sign);
    }

    /** The CPU filter computing the unsigned DoG of this request (multiply by {@link #sign()} for the response). */
    public DogFilter cpuFilter(int threads) {
        return DogFilter.of(sigma, ratio).withSmoothing(smoothingSigma).withTruncate(truncate).withMode(mode)
                .withThreads(threads);
    }
}
