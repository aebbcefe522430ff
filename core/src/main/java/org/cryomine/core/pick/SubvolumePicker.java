package org.cryomine.core.pick;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.cryomine.core.BoundaryPolicy;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.accel.AcceleratorException;
import org.cryomine.core.accel.Accelerators;
import org.cryomine.core.accel.DogAccelerator;
import org.cryomine.core.accel.DogComputation;
import org.cryomine.core.accel.DogRequest;
import org.cryomine.core.filter.DogFilter;
import org.cryomine.core.internal.Parallel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Template-free particle picking with a Difference of Gaussians (DESIGN step 1-2): the tomogram is smoothed
 * with {@code G(smoothingSigma)}, filtered with {@code DoG = G(sigma) - G(K sigma)}, the local extrema of
 * the DoG in the 26-neighbourhood become candidates, candidates closer than {@code minDistance} to a
 * stronger one are dropped, and a cubic box is cut around each survivor.
 *
 * <h2>Contrast and score</h2>
 * A dense (dark, negative) particle gives a strongly negative DoG at its centre, so with
 * {@link Contrast#DARK} (the default) particles are DoG <em>minima</em>; with {@link Contrast#BRIGHT} they
 * are maxima. The score of a pick is the DoG response multiplied by {@link Contrast#sign()}, so a
 * stronger particle always has a larger score, whatever the contrast.
 *
 * <h2>Choosing sigma</h2>
 * For K close to 1 the DoG is a scale-normalised Laplacian of Gaussian, which responds most strongly to a
 * uniform ball of radius r at scale {@code r / sqrt(3)}; with K = 1.1 the best sigma is about 4% lower
 * (measured: r = 9 voxels peaks at sigma 5.0, r = 6 at 3.3; r / sqrt(3) = 5.2 and 3.5; see the tests). The
 * pre-smoothing adds in quadrature: the effective scale is {@code sqrt(sigma^2 + smoothingSigma^2)}, so
 * for particles of radius r pick {@code sigma = sqrt(r^2 / 3 - smoothingSigma^2)} (and a smaller
 * smoothing when r is small). The defaults (smoothing 2, sigma 5, effective 5.4 voxels) suit balls of
 * radius about 9 voxels, i.e. ribosome-sized particles (25-30 nm) at 1.42 nm per voxel. Sigma may be given
 * in Å ({@link #withSigmaAngst}); it is converted with the tomogram's voxel size along x.
 *
 * <h2>Several particle sizes</h2>
 * One sigma suits one size: the default (sigma 5) finds ribosome-sized globules but few small ones. {@link
 * #multiScale(double, double, int)} (or {@code sigmaRange(min, max).scales(n)}) searches a range of sigmas
 * with scale-normalised responses and keeps each particle at the scale it responds to best, recorded in
 * {@link Peak#sigma()}; e.g. {@code dog().withSmoothingSigma(1).withMultiScale(1.5, 6, 5).withMinDistance(4)} for
 * particles 6 to 20 voxels across (on the ten {@link org.cryomine.core.simulate.SimulationPreset}s, two seeds
 * each, keeping twice as many picks as globules, small-globule recall went from 0.00-0.42, median 0.10, with
 * sigma 5 to 0.23-0.98, median 0.85; see MultiScalePickingQualityTest).
 *
 * <h2>Acceleration</h2>
 * The response and its local maxima are computed on the accelerator {@link
 * org.cryomine.core.accel.Accelerators#dog()} finds (e.g. a CUDA GPU when {@code cryomine-cuda} is on the
 * class path and a device is present), on the CPU otherwise; the overloads taking a {@link
 * org.cryomine.core.accel.DogAccelerator} choose explicitly (null = CPU). Results agree to float32 rounding.
 *
 * <h2>Memory</h2>
 * Each pick holds its box (a 32^3 box is 128 KiB); use {@link #withMaxPicks}, a threshold or
 * {@link #findPeaks} (positions only) for large tomograms.
 *
 * <p>Immutable and thread-safe: every setter-like method returns a new picker.
 */
public final class SubvolumePicker {

    private static final Logger LOG = LoggerFactory.getLogger(SubvolumePicker.class);
    private static final int QUANTILE_SAMPLE = 4_000_000;

    /** How the response threshold is given. */
    public enum ThresholdKind {
        /** No threshold: every local extremum is a candidate. */
        NONE,
        /** Candidates need a score of at least the given value. */
        ABSOLUTE,
        /** Candidates need a score of at least the given quantile (0..1) of the signed response map. */
        QUANTILE
    }

    private final double smoothingSigma;
    private final double sigma;
    private final double sigmaAngst;
    private final double scaleRatio;
    private final Contrast contrast;
    private final double minDistance;
    private final double minDistanceAngst;
    private final int boxSize;
    private final int maxPicks;
    private final ThresholdKind thresholdKind;
    private final double threshold;
    private final BoundaryPolicy boundary;
    private final int threads;
    private final MultiScale multiScale;

    /**
     * The scales of a multi-scale picker: {@code scales} DoG sigmas (voxels) in geometric steps from
     * {@code sigmaMin} to {@code sigmaMax}, and the factor of the scale-dependent suppression distance.
     *
     * @param sigmaMin          smallest DoG sigma, voxels (&gt; 0)
     * @param sigmaMax          largest DoG sigma, voxels (&ge; sigmaMin)
     * @param scales            number of sigmas (&ge; 2, or 1 when sigmaMin = sigmaMax)
     * @param suppressionFactor a peak found at sigma keeps weaker peaks at least
     *                          {@code suppressionFactor * sqrt(3 (sigma^2 + smoothingSigma^2))} voxels away (the
     *                          radius of the ball it responds to best, for factor 1), and never less than the
     *                          picker's minimum distance; 0 = the minimum distance alone
     * @param gamma             exponent of the scale normalisation {@code sigma_eff^(2 gamma)} (1 to 2)
     */
    public record MultiScale(double sigmaMin, double sigmaMax, int scales, double suppressionFactor, double gamma) {

        /** Default {@link #gamma}: 1.25 (see {@link SubvolumePicker#withMultiScale(double, double, int)}). */
        public static final double DEFAULT_GAMMA = 1.25;

        public MultiScale {
            if (!(sigmaMin > 0) || !(sigmaMax >= sigmaMin) || !Double.isFinite(sigmaMax)) {
                throw new IllegalArgumentException("multi-scale DoG sigmas must satisfy 0 < min <= max (voxels), got "
                        + sigmaMin + " to " + sigmaMax);
            }
            if (scales < 1 || scales > 64 || scales == 1 && sigmaMax != sigmaMin) {
                throw new IllegalArgumentException("a sigma range needs 2 to 64 scales (1 only when min = max), got "
                        + scales);
            }
            if (!(suppressionFactor >= 0) || !Double.isFinite(suppressionFactor)) {
                throw new IllegalArgumentException("scale suppression factor must be a finite number >= 0, got "
                        + suppressionFactor);
            }
            if (!(gamma >= 1 && gamma <= 2)) {
                throw new IllegalArgumentException("scale normalisation exponent gamma must lie in [1, 2], got " + gamma);
            }
        }

        /** The sigmas in voxels, increasing: {@code sigmaMin (sigmaMax / sigmaMin)^(i / (scales - 1))}. */
        public double[] sigmas() {
            double[] s = new double[scales];
            for (int i = 0; i < scales; i++) {
                s[i] = scales == 1 ? sigmaMin : sigmaMin * Math.pow(sigmaMax / sigmaMin, i / (double) (scales - 1));
            }
            s[scales - 1] = sigmaMax;
            return s;
        }
    }

    private SubvolumePicker(double smoothingSigma, double sigma, double sigmaAngst, double scaleRatio, Contrast contrast,
                            double minDistance, double minDistanceAngst, int boxSize, int maxPicks,
                            ThresholdKind thresholdKind, double threshold, BoundaryPolicy boundary, int threads,
                            MultiScale multiScale) {
        if (!(smoothingSigma >= 0) || !Double.isFinite(smoothingSigma)) {
            throw new IllegalArgumentException("smoothing sigma must be >= 0 voxels (0 = none), got " + smoothingSigma);
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("DoG sigma must be a positive number of voxels, got " + sigma);
        }
        if (!Double.isNaN(sigmaAngst) && !(sigmaAngst > 0 && Double.isFinite(sigmaAngst))) {
            throw new IllegalArgumentException("DoG sigma in Å must be positive, got " + sigmaAngst);
        }
        if (!(scaleRatio > 1) || !Double.isFinite(scaleRatio)) {
            throw new IllegalArgumentException("DoG scale ratio K must be greater than 1, got " + scaleRatio);
        }
        if (!(minDistance >= 0) || !Double.isFinite(minDistance)) {
            throw new IllegalArgumentException("minimum distance must be >= 0 voxels, got " + minDistance);
        }
        if (!Double.isNaN(minDistanceAngst) && !(minDistanceAngst >= 0 && Double.isFinite(minDistanceAngst))) {
            throw new IllegalArgumentException("minimum distance in Å must be >= 0, got " + minDistanceAngst);
        }
        if (boxSize < 4 || boxSize % 4 != 0) {
            throw new IllegalArgumentException("box size must be a positive multiple of 4 voxels (the autoencoder pools"
                    + " twice by 2), got " + boxSize + "; try " + Math.max(4, Math.round(boxSize / 4.0) * 4));
        }
        if (maxPicks < 1) {
            throw new IllegalArgumentException("maximum number of picks must be at least 1, got " + maxPicks);
        }
        if (thresholdKind == ThresholdKind.QUANTILE && !(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("a quantile threshold must lie in [0, 1], got " + threshold);
        }
        if (thresholdKind == ThresholdKind.ABSOLUTE && !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("an absolute threshold must be finite, got " + threshold);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.smoothingSigma = smoothingSigma;
        this.sigma = sigma;
        this.sigmaAngst = sigmaAngst;
        this.scaleRatio = scaleRatio;
        this.contrast = Objects.requireNonNull(contrast, "contrast");
        this.minDistance = minDistance;
        this.minDistanceAngst = minDistanceAngst;
        this.boxSize = boxSize;
        this.maxPicks = maxPicks;
        this.thresholdKind = Objects.requireNonNull(thresholdKind, "thresholdKind");
        this.threshold = threshold;
        this.boundary = Objects.requireNonNull(boundary, "boundary");
        this.threads = threads;
        this.multiScale = multiScale;
    }

    /**
     * The paper's DoG picker: smoothing 2, sigma 5, K 1.1, dark contrast, minimum distance 10 voxels, box
     * 32, no threshold, no limit, boxes that leave the tomogram skipped.
     */
    public static SubvolumePicker dog() {
        return new SubvolumePicker(2, 5, Double.NaN, 1.1, Contrast.DARK, 10, Double.NaN, 32, Integer.MAX_VALUE,
                ThresholdKind.NONE, 0, BoundaryPolicy.SKIP, Parallel.defaultThreads(), null);
    }

    /** Sliding-window extraction on a regular grid (no DoG). */
    public static GridExtractor grid() {
        return GridExtractor.withDefaults();
    }

    private SubvolumePicker copy(double smoothing, double s, double sA, double k, Contrast c, double d, double dA,
                                 int box, int max, ThresholdKind tk, double t, BoundaryPolicy b, int th) {
        return new SubvolumePicker(smoothing, s, sA, k, c, d, dA, box, max, tk, t, b, th, multiScale);
    }

    private SubvolumePicker replacingMultiScale(MultiScale m) {
        return new SubvolumePicker(smoothingSigma, sigma, sigmaAngst, scaleRatio, contrast, minDistance, minDistanceAngst,
                boxSize, maxPicks, thresholdKind, threshold, boundary, threads, m);
    }

    /** Pre-smoothing Gaussian sigma in voxels (0 = none). */
    public SubvolumePicker withSmoothingSigma(double voxels) {
        return copy(voxels, sigma, sigmaAngst, scaleRatio, contrast, minDistance, minDistanceAngst, boxSize, maxPicks,
                thresholdKind, threshold, boundary, threads);
    }

    /** DoG sigma in voxels (replaces a sigma given in Å, and a sigma range: the picker becomes single-scale). */
    public SubvolumePicker withSigma(double voxels) {
        return copy(smoothingSigma, voxels, Double.NaN, scaleRatio, contrast, minDistance, minDistanceAngst, boxSize,
                maxPicks, thresholdKind, threshold, boundary, threads).replacingMultiScale(null);
    }

    /**
     * DoG sigma in Å, converted with the tomogram's voxel size when picking (replaces a sigma in voxels, and a
     * sigma range: the picker becomes single-scale).
     */
    public SubvolumePicker withSigmaAngst(double angstrom) {
        return copy(smoothingSigma, sigma, angstrom, scaleRatio, contrast, minDistance, minDistanceAngst, boxSize,
                maxPicks, thresholdKind, threshold, boundary, threads).replacingMultiScale(null);
    }

    /**
     * Multi-scale picking over DoG sigmas from {@code minVoxels} to {@code maxVoxels} (keeping the number of
     * scales and the suppression factor already set, else 5 scales and factor 1). See {@link #withMultiScale}.
     */
    public SubvolumePicker withSigmaRange(double minVoxels, double maxVoxels) {
        return replacingMultiScale(new MultiScale(minVoxels, maxVoxels, multiScale == null ? 5 : multiScale.scales(),
                multiScale == null ? 1 : multiScale.suppressionFactor(),
                multiScale == null ? MultiScale.DEFAULT_GAMMA : multiScale.gamma()));
    }

    /** The number of sigmas of a multi-scale picker (set the range first with {@link #withSigmaRange}). */
    public SubvolumePicker withScales(int n) {
        MultiScale m = requireMultiScale("the number of scales");
        return replacingMultiScale(new MultiScale(m.sigmaMin(), m.sigmaMax(), n, m.suppressionFactor(), m.gamma()));
    }

    /**
     * The factor of a multi-scale picker's scale-dependent suppression distance (default 1; see
     * {@link MultiScale#suppressionFactor()}); set the range first with {@link #withSigmaRange}.
     */
    public SubvolumePicker withScaleSuppression(double factor) {
        MultiScale m = requireMultiScale("the scale suppression factor");
        return replacingMultiScale(new MultiScale(m.sigmaMin(), m.sigmaMax(), m.scales(), factor, m.gamma()));
    }

    /**
     * The exponent gamma of a multi-scale picker's scale normalisation (default
     * {@value MultiScale#DEFAULT_GAMMA}; see {@link #withMultiScale(double, double, int)}); set the range first with
     * {@link #withSigmaRange}.
     */
    public SubvolumePicker withScaleNormalisation(double gamma) {
        MultiScale m = requireMultiScale("the scale normalisation");
        return replacingMultiScale(new MultiScale(m.sigmaMin(), m.sigmaMax(), m.scales(), m.suppressionFactor(), gamma));
    }

    /**
     * Multi-scale DoG picking (a single-scale picker's sigma is then unused):
     * <ol>
     * <li>after the pre-smoothing {@code G(s0)}, the DoG {@code G(sigma) - G(K sigma)} at each of {@code scales}
     *     sigmas in geometric steps from {@code sigmaMin} to {@code sigmaMax} (voxels), signed by the contrast;
     * <li>each response is scale-normalised: multiplied by
     *     {@code 2 sigma_eff^(2 gamma) / ((K^2 - 1) sigma^2)}, {@code sigma_eff^2 = sigma^2 + s0^2}, which makes
     *     it about {@code -sigma_eff^(2 gamma) Laplacian(G(sigma_eff) * tomogram)}, Lindeberg's gamma-normalised
     *     Laplacian (the DoG is about {@code -(K^2 - 1) sigma^2 / 2} times that Laplacian). With gamma = 1 (the
     *     classic normalisation, under which a DoG of constant K needs no factor but for the pre-smoothing) a
     *     noise-free ball of radius r responds most strongly near {@code sigma_eff = r / sqrt(3)}; but the
     *     response to white noise then grows towards small scales (as {@code sigma_eff^(-3/2)} in 3-D), so that in
     *     noisy tomograms the smallest scale wins too often. The default gamma 1.25 leans towards larger scales
     *     (measured on the simulator's presets: with gamma 1 only 12% of the large globules of
     *     "carbon-edge-gold" were among the top picks, 51% with 1.25, while small-globule recall stayed within
     *     0.03; see {@link #withScaleNormalisation});
     * <li>candidates are the voxels whose normalised response is a local maximum among their 26 neighbours at
     *     their scale and at least every value of the 3x3x3 neighbourhoods at the scales just below and above
     *     (scale-space maxima; at the ends of the range, the one neighbouring scale); the threshold applies to
     *     the normalised response (a quantile: of the maximum over scales of the normalised responses);
     * <li>one greedy suppression over all scales, strongest first: a peak found at sigma removes weaker peaks
     *     closer than {@code max(minDistance, f sqrt(3 (sigma^2 + s0^2)))}, f the suppression factor (the larger
     *     of the two peaks' distances applies); each {@link Peak} records its {@link Peak#sigma()}.
     * </ol>
     * Sigmas are in voxels (a sigma in Å is not used). Runs on the CPU (accelerators compute one scale).
     * E.g. {@code dog().withSmoothingSigma(1).withMultiScale(1.5, 6, 5).withMinDistance(4)} for particles 6 to 20 voxels
     * across.
     */
    public SubvolumePicker withMultiScale(double sigmaMinVoxels, double sigmaMaxVoxels, int scales) {
        return replacingMultiScale(new MultiScale(sigmaMinVoxels, sigmaMaxVoxels, scales,
                multiScale == null ? 1 : multiScale.suppressionFactor(),
                multiScale == null ? MultiScale.DEFAULT_GAMMA : multiScale.gamma()));
    }

    /** The scales of a multi-scale picker, or null for a single-scale one. */
    public MultiScale multiScale() {
        return multiScale;
    }

    /** Whether this picker searches several scales ({@link #withMultiScale(double, double, int)}). */
    public boolean isMultiScale() {
        return multiScale != null;
    }

    private MultiScale requireMultiScale(String what) {
        if (multiScale == null) {
            throw new IllegalArgumentException(what + " applies to a multi-scale picker; set a sigma range first, e.g."
                    + " dog().withSigmaRange(2, 8).withScales(5)");
        }
        return multiScale;
    }

    /** The largest DoG sigma in voxels this picker filters with at the given voxel edge (Å). */
    public double largestSigmaVoxels(double voxelSizeAngst) {
        return multiScale != null ? multiScale.sigmaMax() : sigmaVoxels(voxelSizeAngst);
    }

    /** DoG scale ratio K (&gt; 1). */
    public SubvolumePicker withScaleRatio(double k) {
        return copy(smoothingSigma, sigma, sigmaAngst, k, contrast, minDistance, minDistanceAngst, boxSize, maxPicks,
                thresholdKind, threshold, boundary, threads);
    }

    /** Whether dense matter is dark (default; DoG minima) or bright (DoG maxima). */
    public SubvolumePicker withContrast(Contrast c) {
        return copy(smoothingSigma, sigma, sigmaAngst, scaleRatio, c, minDistance, minDistanceAngst, boxSize, maxPicks,
                thresholdKind, threshold, boundary, threads);
    }

    /** Minimum distance between picks in voxels (replaces a distance in Å). */
    public SubvolumePicker withMinDistance(double voxels) {
        return copy(smoothingSigma, sigma, sigmaAngst, scaleRatio, contrast, voxels, Double.NaN, boxSize, maxPicks,
                thresholdKind, threshold, boundary, threads);
    }

    /** Minimum distance between picks in Å (converted with the tomogram's voxel size along x). */
    public SubvolumePicker withMinDistanceAngst(double angstrom) {
        return copy(smoothingSigma, sigma, sigmaAngst, scaleRatio, contrast, minDistance, angstrom, boxSize, maxPicks,
                thresholdKind, threshold, boundary, threads);
    }

    /** Edge of the cubic boxes in voxels; a positive multiple of 4. */
    public SubvolumePicker withBoxSize(int voxels) {
        return copy(smoothingSigma, sigma, sigmaAngst, scaleRatio, contrast, minDistance, minDistanceAngst, voxels,
                maxPicks, thresholdKind, threshold, boundary, threads);
    }

    /** At most this many picks, the strongest. */
    public SubvolumePicker withMaxPicks(int n) {
        return copy(smoothingSigma, sigma, sigmaAngst, scaleRatio, contrast, minDistance, minDistanceAngst, boxSize, n,
                thresholdKind, threshold, boundary, threads);
    }

    /** Keep only candidates whose score (signed DoG response, stronger = larger) is at least {@code score}. */
    public SubvolumePicker withThreshold(double score) {
        return copy(smoothingSigma, sigma, sigmaAngst, scaleRatio, contrast, minDistance, minDistanceAngst, boxSize,
                maxPicks, ThresholdKind.ABSOLUTE, score, boundary, threads);
    }

    /**
     * Keep only candidates whose score is at least the {@code q}-quantile (0..1) of the signed response over
     * the whole tomogram (estimated from at most 4 million evenly spaced voxels); e.g. 0.99.
     */
    public SubvolumePicker withThresholdQuantile(double q) {
        return copy(smoothingSigma, sigma, sigmaAngst, scaleRatio, contrast, minDistance, minDistanceAngst, boxSize,
                maxPicks, ThresholdKind.QUANTILE, q, boundary, threads);
    }

    /** Remove any threshold. */
    public SubvolumePicker withoutThreshold() {
        return copy(smoothingSigma, sigma, sigmaAngst, scaleRatio, contrast, minDistance, minDistanceAngst, boxSize,
                maxPicks, ThresholdKind.NONE, 0, boundary, threads);
    }

    /** What to do with boxes that leave the tomogram: SKIP them (default), FILL_MEAN or MIRROR. */
    public SubvolumePicker withBoundary(BoundaryPolicy policy) {
        return copy(smoothingSigma, sigma, sigmaAngst, scaleRatio, contrast, minDistance, minDistanceAngst, boxSize,
                maxPicks, thresholdKind, threshold, policy, threads);
    }

    /** Threads for filtering and peak search (default: available processors). */
    public SubvolumePicker withThreads(int n) {
        return copy(smoothingSigma, sigma, sigmaAngst, scaleRatio, contrast, minDistance, minDistanceAngst, boxSize,
                maxPicks, thresholdKind, threshold, boundary, n);
    }

    public double smoothingSigma() {
        return smoothingSigma;
    }

    /** DoG sigma in voxels as set (ignored when {@link #sigmaAngst()} is set). */
    public double sigma() {
        return sigma;
    }

    /** DoG sigma in Å, or NaN when sigma is given in voxels. */
    public double sigmaAngst() {
        return sigmaAngst;
    }

    /** Minimum distance in voxels as set (ignored when {@link #minDistanceAngst()} is set). */
    public double minDistance() {
        return minDistance;
    }

    /** Minimum distance in Å, or NaN when it is given in voxels. */
    public double minDistanceAngst() {
        return minDistanceAngst;
    }

    public int threads() {
        return threads;
    }

    public double scaleRatio() {
        return scaleRatio;
    }

    public Contrast contrast() {
        return contrast;
    }

    public int boxSize() {
        return boxSize;
    }

    public int maxPicks() {
        return maxPicks;
    }

    public BoundaryPolicy boundary() {
        return boundary;
    }

    public ThresholdKind thresholdKind() {
        return thresholdKind;
    }

    /** The threshold value (score or quantile, see {@link #thresholdKind()}). */
    public double thresholdValue() {
        return threshold;
    }

    /** DoG sigma in voxels for a tomogram with the given voxel edge along x (Å). */
    public double sigmaVoxels(double voxelSizeAngst) {
        return Double.isNaN(sigmaAngst) ? sigma : sigmaAngst / voxelSizeAngst;
    }

    /** Minimum distance in voxels for a tomogram with the given voxel edge along x (Å). */
    public double minDistanceVoxels(double voxelSizeAngst) {
        return Double.isNaN(minDistanceAngst) ? minDistance : minDistanceAngst / voxelSizeAngst;
    }

    /**
     * The signed response map: the (smoothed) DoG times {@link Contrast#sign()}, so particles are maxima (for a
     * multi-scale picker: the maximum over scales of the scale-normalised responses, on the CPU). A new volume; {@code tomogram} is not modified. Computed on the accelerator {@link Accelerators#dog()}
     * chooses when there is one, on the CPU otherwise.
     */
    public Volume response(Volume tomogram, ProgressListener listener) {
        return response(tomogram, listener, Accelerators.dog().orElse(null));
    }

    /**
     * {@link #response(Volume, ProgressListener)} on the given accelerator, or on the CPU when it is null (or
     * fails with an {@link AcceleratorException}, which is logged).
     */
    public Volume response(Volume tomogram, ProgressListener listener, DogAccelerator accelerator) {
        checkTomogram(tomogram);
        Objects.requireNonNull(listener, "listener");
        if (multiScale != null) {
            return multiScaleCandidates(tomogram, Double.POSITIVE_INFINITY, true, listener).maxResponse();
        }
        double s = sigmaVoxels(tomogram.voxelSize().x());
        if (accelerator != null) {
            try (DogComputation c = accelerator.compute(tomogram, request(s))) {
                Volume r = c.response();
                listener.onProgress("dog", 1, 1);
                return r;
            } catch (AcceleratorException e) {
                LOG.warn("{} could not compute the DoG, using the CPU: {}", accelerator.name(), e.getMessage());
            }
        }
        // the sign is applied inside the DoG's last pass (G(K sigma) - G(sigma) for dark particles)
        return DogFilter.of(s, scaleRatio).withSmoothing(smoothingSigma).withThreads(threads)
                .withNegation(contrast.sign() < 0).apply(tomogram, listener);
    }

    private DogRequest request(double sigmaVoxels) {
        return DogRequest.of(smoothingSigma, sigmaVoxels, scaleRatio, contrast.sign());
    }

    /**
     * The accepted peak positions, strongest first, without cutting boxes: local maxima of the signed
     * response above the threshold, suppressed at the minimum distance, then (with {@link BoundaryPolicy#SKIP})
     * those whose box fits in the tomogram, at most {@link #maxPicks()}.
     *
     * @throws org.cryomine.core.CryomineException when no box can fit (SKIP with a tomogram smaller than the
     *         box) or the tomogram holds NaN or infinite values
     */
    public List<Peak> findPeaks(Volume tomogram, ProgressListener listener) {
        return findPeaks(tomogram, listener, Accelerators.dog().orElse(null));
    }

    /**
     * {@link #findPeaks(Volume, ProgressListener)} with the response and its local maxima computed on the
     * given accelerator, or on the CPU when it is null (or fails with an {@link AcceleratorException}, which
     * is logged).
     */
    public List<Peak> findPeaks(Volume tomogram, ProgressListener listener, DogAccelerator accelerator) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(tomogram, "tomogram");
        if (boundary == BoundaryPolicy.SKIP
                && (tomogram.nx() < boxSize || tomogram.ny() < boxSize || tomogram.nz() < boxSize)) {
            throw new org.cryomine.core.CryomineException("no " + boxSize + "^3 box fits in the " + tomogram.nx() + "x"
                    + tomogram.ny() + "x" + tomogram.nz() + " tomogram, so every pick would be skipped; use a smaller"
                    + " box size or the FILL_MEAN or MIRROR boundary policy");
        }
        List<Peak> candidates = accelerator == null || multiScale != null ? null
                : candidatesOn(accelerator, tomogram, listener);
        if (candidates == null && multiScale != null) {
            checkTomogram(tomogram);
            boolean quantile = thresholdKind == ThresholdKind.QUANTILE;
            MultiScaleDog.Result r = multiScaleCandidates(tomogram, absoluteThreshold(), quantile, listener);
            candidates = r.candidates();
            if (quantile) {
                double q = quantile(r.maxResponse().data(), threshold);
                candidates.removeIf(p -> !(p.score() >= q));
            }
        } else if (candidates == null) {
            Volume response = response(tomogram, listener, null);
            listener.checkCancelled();
            double t = switch (thresholdKind) {
                case NONE -> Double.NEGATIVE_INFINITY;
                case ABSOLUTE -> threshold;
                case QUANTILE -> quantile(response.data(), threshold);
            };
            candidates = PeakFinder.localMaxima(response, t, threads);
        }
        listener.onProgress("peaks", 1, 2);
        List<Peak> kept = suppress(candidates, tomogram.voxelSize().x());
        listener.onProgress("peaks", 2, 2);
        List<Peak> out = new ArrayList<>();
        for (Peak p : kept) {
            if (out.size() >= maxPicks) {
                break;
            }
            if (boundary == BoundaryPolicy.SKIP && !tomogram.boxFits(p.x(), p.y(), p.z(), boxSize, boxSize, boxSize)) {
                continue;
            }
            out.add(p);
        }
        LOG.debug("{} local extrema, {} after suppression, {} returned", candidates.size(), kept.size(), out.size());
        return out;
    }

    /** The absolute threshold of the candidates: the set score, or negative infinity (none, or a quantile). */
    double absoluteThreshold() {
        return thresholdKind == ThresholdKind.ABSOLUTE ? threshold : Double.NEGATIVE_INFINITY;
    }

    /** The multi-scale search on the CPU (this picker must be multi-scale); {@code volume} is checked finite. */
    MultiScaleDog.Result multiScaleCandidates(Volume volume, double threshold, boolean wantMax,
                                              ProgressListener listener) {
        return MultiScaleDog.candidates(volume, smoothingSigma, multiScale.sigmas(), scaleRatio, multiScale.gamma(),
                contrast.sign() < 0, threshold, wantMax, threads, listener);
    }

    /**
     * The greedy suppression of {@link #findPeaks}: at the minimum distance, and for a multi-scale picker also at
     * each peak's scale-dependent distance (see {@link #withMultiScale(double, double, int)}).
     */
    List<Peak> suppress(List<Peak> candidates, double voxelSizeAngst) {
        double d = minDistanceVoxels(voxelSizeAngst);
        if (multiScale == null || multiScale.suppressionFactor() == 0) {
            return PeakFinder.suppress(candidates, d);
        }
        double f = multiScale.suppressionFactor();
        double s0 = smoothingSigma * smoothingSigma;
        return PeakFinder.suppress(candidates, d, p -> f * Math.sqrt(3 * (p.sigma() * p.sigma() + s0)));
    }

    /** The local maxima above the threshold computed on {@code accelerator}, or null when it fails. */
    private List<Peak> candidatesOn(DogAccelerator accelerator, Volume tomogram, ProgressListener listener) {
        checkTomogram(tomogram);
        try (DogComputation c = accelerator.compute(tomogram, request(sigmaVoxels(tomogram.voxelSize().x())))) {
            listener.onProgress("dog", 1, 1);
            listener.checkCancelled();
            double t = switch (thresholdKind) {
                case NONE -> Double.NEGATIVE_INFINITY;
                case ABSOLUTE -> threshold;
                case QUANTILE -> quantileOfSample(c.sample(sampleStep(c.voxelCount())), threshold);
            };
            return c.localMaxima(t);
        } catch (AcceleratorException e) {
            LOG.warn("{} could not compute the DoG peaks, using the CPU: {}", accelerator.name(), e.getMessage());
            return null;
        }
    }

    /** {@link #pick(Volume, String, ProgressListener)} with source name "tomogram" and no listener. */
    public List<Subvolume> pick(Volume tomogram) {
        return pick(tomogram, "tomogram", ProgressListener.NONE);
    }

    /**
     * Picks particles and cuts a box around each, strongest first. The tomogram is not modified; each
     * subvolume holds a new array. Reports stages "dog", "peaks" and "extract".
     *
     * @param sourceName recorded in each {@link Subvolume#source()}
     */
    public List<Subvolume> pick(Volume tomogram, String sourceName, ProgressListener listener) {
        List<Peak> peaks = findPeaks(tomogram, listener);
        return extract(tomogram, peaks, sourceName, listener);
    }

    /** Cuts this picker's box around each peak (with its boundary policy); used by {@link #pick}. */
    public List<Subvolume> extract(Volume tomogram, List<Peak> peaks, String sourceName, ProgressListener listener) {
        Objects.requireNonNull(sourceName, "sourceName");
        float fill = boundary == BoundaryPolicy.FILL_MEAN ? (float) tomogram.statistics().mean() : 0f;
        List<Subvolume> out = new ArrayList<>(peaks.size());
        int done = 0;
        for (Peak p : peaks) {
            if ((done & 63) == 0) {
                listener.checkCancelled();
            }
            tomogram.box(p.x(), p.y(), p.z(), boxSize, boxSize, boxSize, boundary, fill)
                    .ifPresent(v -> out.add(new Subvolume(sourceName, p.x(), p.y(), p.z(), p.score(), v)));
            listener.onProgress("extract", ++done, peaks.size());
        }
        return out;
    }

    private static void checkTomogram(Volume tomogram) {
        Objects.requireNonNull(tomogram, "tomogram");
        if (tomogram.hasNonFiniteValues()) {
            throw new org.cryomine.core.CryomineException("the tomogram contains NaN or infinite values; replace them"
                    + " (e.g. by the mean) before picking");
        }
    }

    static double quantile(float[] values, double q) {
        int step = sampleStep(values.length);
        float[] sample = new float[(values.length + step - 1) / step];
        for (int i = 0, j = 0; j < sample.length; i += step, j++) {
            sample[j] = values[i];
        }
        return quantileOfSample(sample, q);
    }

    /** The stride of the evenly spaced sample the quantile threshold is estimated from. */
    private static int sampleStep(int voxels) {
        return Math.max(1, voxels / QUANTILE_SAMPLE);
    }

    /** The q-quantile of {@code sample} (linear interpolation); sorts {@code sample} in place. */
    private static double quantileOfSample(float[] sample, double q) {
        Arrays.sort(sample);
        double pos = q * (sample.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sample.length - 1);
        return sample[lo] + (pos - lo) * (sample[hi] - sample[lo]);
    }

    @Override
    public String toString() {
        String sigmas = multiScale != null ? multiScale.sigmaMin() + ".." + multiScale.sigmaMax() + " vox in "
                + multiScale.scales() + " scales, suppression x" + multiScale.suppressionFactor()
                : Double.isNaN(sigmaAngst) ? sigma + " vox" : sigmaAngst + " Å";
        return "SubvolumePicker[smoothing=" + smoothingSigma + ", sigma=" + sigmas + ", K=" + scaleRatio + ", " + contrast
                + ", minDistance=" + (Double.isNaN(minDistanceAngst) ? minDistance + " vox" : minDistanceAngst + " Å")
                + ", box=" + boxSize + ", maxPicks=" + maxPicks + ", threshold=" + thresholdKind
                + (thresholdKind == ThresholdKind.NONE ? "" : " " + threshold) + ", boundary=" + boundary + "]";
    }
}
