package org.cryomine.cli;

import java.util.List;
import org.cryomine.core.BoundaryPolicy;
import org.cryomine.core.pick.Contrast;
import org.cryomine.core.pick.SubvolumePicker;
import picocli.CommandLine.Option;

/**
 * Picking options shared by {@code pick}, {@code mine} and {@code segment} (a picocli mixin): each one given
 * overrides one setting of the recipe's picker ({@link org.cryomine.pipeline.Recipe#picker(int)}).
 */
final class PickingOptions {

    /** Pre-smoothing (voxels) of a sigma range given over a single-scale recipe: small sigmas need little. */
    static final double RANGE_SMOOTHING = 1;

    @Option(names = "--smoothing-sigma", paramLabel = "VOXELS",
            description = "Gaussian pre-smoothing sigma in voxels (recipe: 2 for one sigma, 1 for a sigma range).")
    Double smoothingSigma;

    @Option(names = "--sigma", paramLabel = "VOXELS",
            description = "Pick at this one DoG sigma in voxels (the paper's: 5); for particles of radius r use about "
                    + "sqrt(r^2/3 - smoothing^2).")
    Double sigma;

    @Option(names = "--sigma-angst", paramLabel = "ANGSTROM",
            description = "Pick at this one DoG sigma in Å, converted with the header's voxel size (overrides --sigma).")
    Double sigmaAngst;

    @Option(names = "--sigma-range", split = ",", paramLabel = "MIN,MAX",
            description = "Pick over this range of DoG sigmas in voxels (multi-scale: scale-normalised responses, one "
                    + "suppression across scales), e.g. 1.5,6 for particles about 6 to 20 voxels across.")
    List<Double> sigmaRange;

    @Option(names = "--scales", paramLabel = "N",
            description = "Sigmas searched within --sigma-range, spaced evenly in log (recipe: 5).")
    Integer scales;

    @Option(names = "--scale-ratio", paramLabel = "K", description = "DoG scale ratio K (recipe: 1.1).")
    Double scaleRatio;

    @Option(names = "--min-distance", paramLabel = "VOXELS",
            description = "Minimum distance between picks in voxels (recipe: 10).")
    Double minDistance;

    @Option(names = "--min-distance-angst", paramLabel = "ANGSTROM",
            description = "Minimum distance between picks in Å (overrides --min-distance).")
    Double minDistanceAngst;

    @Option(names = "--bright", description = "Dense matter is bright (inverted contrast): pick DoG maxima.")
    boolean bright;

    @Option(names = "--max-picks", paramLabel = "N",
            description = "At most this many picks per tomogram, strongest first (default: no limit).")
    Integer maxPicks;

    @Option(names = "--threshold-quantile", paramLabel = "Q",
            description = "Keep only peaks whose response is above this quantile (0..1) of the response map.")
    Double thresholdQuantile;

    @Option(names = "--threshold", paramLabel = "SCORE", description = "Keep only peaks scoring at least this.")
    Double threshold;

    @Option(names = "--boundary", paramLabel = "skip|fill|mirror",
            description = "Boxes that leave the tomogram: skip them, fill the outside with the mean, or mirror the "
                    + "tomogram at its faces (recipe: recommended fill, paper skip).")
    String boundary;

    @Option(names = "--fill-boundary", description = "The same as --boundary fill.")
    boolean fillBoundary;

    /**
     * {@code base} (the recipe's picker) with the options given here applied and the box edge set; an option
     * not given keeps the base's value.
     *
     * @throws IllegalArgumentException for contradictory or invalid options, naming them
     */
    SubvolumePicker picker(SubvolumePicker base, int box) {
        return picker(base, box, sigmaRange, scales);
    }

    /**
     * As {@link #picker(SubvolumePicker, int)} with {@code range} and {@code nScales} in place of {@code --sigma-range}
     * and {@code --scales} (another command's way of giving them, e.g. {@code quality --multi-scale}).
     */
    SubvolumePicker picker(SubvolumePicker base, int box, List<Double> range, Integer nScales) {
        SubvolumePicker p = base.withBoxSize(box);
        if (range != null && (sigma != null || sigmaAngst != null)) {
            throw new IllegalArgumentException("give one sigma (--sigma or --sigma-angst) or a range (--sigma-range), "
                    + "not both");
        }
        if (sigma != null || sigmaAngst != null) {
            p = sigmaAngst != null ? p.withSigmaAngst(sigmaAngst) : p.withSigma(sigma);
            if (smoothingSigma == null) {
                p = p.withSmoothingSigma(SubvolumePicker.dog().smoothingSigma()); // the single scale's own
            }
        }
        if (range != null) {
            if (range.size() != 2) {
                throw new IllegalArgumentException("--sigma-range takes two sigmas in voxels, MIN,MAX (e.g. 1.5,6), got "
                        + range);
            }
            if (!p.isMultiScale() && smoothingSigma == null) {
                p = p.withSmoothingSigma(RANGE_SMOOTHING);
            }
            p = p.withMultiScale(range.get(0), range.get(1), nScales != null ? nScales
                    : p.isMultiScale() ? p.multiScale().scales() : 5);
        } else if (nScales != null) {
            if (!p.isMultiScale()) {
                throw new IllegalArgumentException("--scales applies to a sigma range; give --sigma-range MIN,MAX too");
            }
            p = p.withScales(nScales);
        }
        if (smoothingSigma != null) {
            p = p.withSmoothingSigma(smoothingSigma);
        }
        if (scaleRatio != null) {
            p = p.withScaleRatio(scaleRatio);
        }
        if (bright) {
            p = p.withContrast(Contrast.BRIGHT);
        }
        if (maxPicks != null) {
            p = p.withMaxPicks(maxPicks);
        }
        if (minDistanceAngst != null) {
            p = p.withMinDistanceAngst(minDistanceAngst);
        } else if (minDistance != null) {
            p = p.withMinDistance(minDistance);
        }
        if (threshold != null && thresholdQuantile != null) {
            throw new IllegalArgumentException("give --threshold or --threshold-quantile, not both");
        }
        if (threshold != null) {
            p = p.withThreshold(threshold);
        } else if (thresholdQuantile != null) {
            p = p.withThresholdQuantile(thresholdQuantile);
        }
        BoundaryPolicy b = boundary();
        return b == null ? p : p.withBoundary(b);
    }

    /** The boundary policy given, or null when none was. */
    private BoundaryPolicy boundary() {
        if (boundary == null) {
            return fillBoundary ? BoundaryPolicy.FILL_MEAN : null;
        }
        BoundaryPolicy b = BoundaryOption.parse(boundary);
        if (fillBoundary && b != BoundaryPolicy.FILL_MEAN) {
            throw new IllegalArgumentException("--fill-boundary contradicts --boundary " + boundary);
        }
        return b;
    }
}
