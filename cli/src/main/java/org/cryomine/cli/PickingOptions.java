package org.cryomine.cli;

import org.cryomine.core.BoundaryPolicy;
import org.cryomine.core.pick.Contrast;
import org.cryomine.core.pick.SubvolumePicker;
import picocli.CommandLine.Option;

/** Picking options shared by {@code pick}, {@code mine} and {@code segment} (a picocli mixin). */
final class PickingOptions {

    @Option(names = "--smoothing-sigma", paramLabel = "VOXELS", defaultValue = "2",
            description = "Gaussian pre-smoothing sigma in voxels (default ${DEFAULT-VALUE}).")
    double smoothingSigma;

    @Option(names = "--sigma", paramLabel = "VOXELS", defaultValue = "5",
            description = "DoG sigma in voxels (default ${DEFAULT-VALUE}); for particles of radius r use about "
                    + "sqrt(r^2/3 - smoothing^2).")
    double sigma;

    @Option(names = "--sigma-angst", paramLabel = "ANGSTROM",
            description = "DoG sigma in Å, converted with the header's voxel size (overrides --sigma).")
    Double sigmaAngst;

    @Option(names = "--scale-ratio", paramLabel = "K", defaultValue = "1.1",
            description = "DoG scale ratio K (default ${DEFAULT-VALUE}).")
    double scaleRatio;

    @Option(names = "--min-distance", paramLabel = "VOXELS", defaultValue = "10",
            description = "Minimum distance between picks in voxels (default ${DEFAULT-VALUE}).")
    double minDistance;

    @Option(names = "--min-distance-angst", paramLabel = "ANGSTROM",
            description = "Minimum distance between picks in Å (overrides --min-distance).")
    Double minDistanceAngst;

    @Option(names = "--bright", description = "Dense matter is bright (inverted contrast): pick DoG maxima.")
    boolean bright;

    @Option(names = "--max-picks", paramLabel = "N", defaultValue = "100000",
            description = "At most this many picks, strongest first (default ${DEFAULT-VALUE}).")
    int maxPicks;

    @Option(names = "--threshold-quantile", paramLabel = "Q",
            description = "Keep only peaks whose response is above this quantile (0..1) of the response map.")
    Double thresholdQuantile;

    @Option(names = "--threshold", paramLabel = "SCORE", description = "Keep only peaks scoring at least this.")
    Double threshold;

    @Option(names = "--fill-boundary",
            description = "Keep boxes that leave the tomogram, filling outside with the mean (default: skip them).")
    boolean fillBoundary;

    /** The picker these options describe, with the given cubic box edge in voxels. */
    SubvolumePicker picker(int box) {
        SubvolumePicker p = SubvolumePicker.dog().withSmoothingSigma(smoothingSigma).withScaleRatio(scaleRatio)
                .withContrast(bright ? Contrast.BRIGHT : Contrast.DARK).withMaxPicks(maxPicks).withBoxSize(box)
                .withBoundary(fillBoundary ? BoundaryPolicy.FILL_MEAN : BoundaryPolicy.SKIP);
        p = sigmaAngst != null ? p.withSigmaAngst(sigmaAngst) : p.withSigma(sigma);
        p = minDistanceAngst != null ? p.withMinDistanceAngst(minDistanceAngst) : p.withMinDistance(minDistance);
        if (threshold != null && thresholdQuantile != null) {
            throw new IllegalArgumentException("give --threshold or --threshold-quantile, not both");
        }
        if (threshold != null) {
            p = p.withThreshold(threshold);
        } else if (thresholdQuantile != null) {
            p = p.withThresholdQuantile(thresholdQuantile);
        }
        return p;
    }
}
