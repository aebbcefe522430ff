package org.cryomine.core.pick;

import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.filter.DogFilter;
import org.cryomine.core.filter.GaussianFilter;

/**
 * The scale-space search of a multi-scale {@link SubvolumePicker}, on the CPU: the pre-smoothed volume's
 * scale-normalised DoG responses at each sigma, and their local maxima over space and scale. Package-private;
 * stateless.
 *
 * <p>Only three scales' responses (and, when asked, the running maximum over scales) are held at a time.
 */
final class MultiScaleDog {

    /** The candidates and, when asked for, the maximum over scales of the normalised responses. */
    record Result(List<Peak> candidates, Volume maxResponse) {
    }

    private MultiScaleDog() {
    }

    /**
     * The scale normalisation of the DoG {@code G(sigma) - G(K sigma)} after a pre-smoothing {@code s0}: with
     * {@code dG/d(sigma^2) = Laplacian(G) / 2}, that DoG is about {@code -(K^2 - 1) sigma^2 / 2} times the
     * Laplacian of {@code G(sigma_eff)}, {@code sigma_eff^2 = sigma^2 + s0^2}, so multiplying it by
     * {@code 2 sigma_eff^(2 gamma) / ((K^2 - 1) sigma^2)} gives {@code -sigma_eff^(2 gamma) Laplacian(G(sigma_eff))},
     * Lindeberg's gamma-normalised Laplacian (gamma = 1: the classic scale-normalised one).
     */
    static double normalisation(double sigma, double smoothingSigma, double ratio, double gamma) {
        return 2 * Math.pow(sigma * sigma + smoothingSigma * smoothingSigma, gamma) / ((ratio * ratio - 1) * sigma * sigma);
    }

    /**
     * Candidates of {@code volume} (checked finite by the caller): voxels whose normalised response at a scale is
     * a local maximum in space ({@link PeakFinder#localMaxima}, at least {@code threshold}) and at least every
     * value in the 3x3x3 neighbourhood at the scale below and above (where there is one). Each peak records its
     * sigma. Candidates come scale by scale, in z, y, x order within a scale. Reports stage "dog" per scale.
     */
    static Result candidates(Volume volume, double smoothingSigma, double[] sigmas, double ratio, double gamma,
                             boolean dark, double threshold, boolean wantMax, int threads, ProgressListener listener) {
        Volume smoothed = smoothingSigma > 0 ? GaussianFilter.of(smoothingSigma).withThreads(threads).apply(volume)
                : volume;
        int nx = volume.nx();
        int ny = volume.ny();
        int nz = volume.nz();
        float[] max = null;
        List<Peak> out = new ArrayList<>();
        Volume below = null;
        Volume here = null;
        for (int i = 0; i <= sigmas.length; i++) {
            Volume above = null;
            if (i < sigmas.length) {
                above = DogFilter.of(sigmas[i], ratio).withThreads(threads).withNegation(dark).apply(smoothed);
                float k = (float) normalisation(sigmas[i], smoothingSigma, ratio, gamma);
                float[] d = above.data();
                for (int j = 0; j < d.length; j++) {
                    d[j] *= k;
                }
                if (wantMax) {
                    if (max == null) {
                        max = d.clone();
                    } else {
                        for (int j = 0; j < d.length; j++) {
                            max[j] = Math.max(max[j], d[j]);
                        }
                    }
                }
                listener.onProgress("dog", i + 1, sigmas.length);
                listener.checkCancelled();
            }
            if (here != null) {
                double sigma = sigmas[i - 1];
                for (Peak p : PeakFinder.localMaxima(here, threshold, threads)) {
                    float v = (float) p.score();
                    if (below != null && v < PeakFinder.neighbourhoodMax(below.data(), nx, ny, nz, p.x(), p.y(), p.z())) {
                        continue;
                    }
                    if (above != null && v < PeakFinder.neighbourhoodMax(above.data(), nx, ny, nz, p.x(), p.y(), p.z())) {
                        continue;
                    }
                    out.add(new Peak(p.x(), p.y(), p.z(), p.score(), sigma));
                }
            }
            below = here;
            here = above;
        }
        Volume maxVolume = max == null ? null : Volume.wrap(max, nx, ny, nz, volume.voxelSize(), volume.origin());
        return new Result(out, maxVolume);
    }
}
