package org.cryomine.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cryomine.core.pick.SubvolumePicker;

/**
 * Settings of segmenting a tomogram with a trained model ({@code cryomine segment}). Immutable and validated;
 * start from {@link Recipe#segmenting()} or {@link #defaults()} and change single settings with the {@code with*}
 * methods.
 *
 * @param mode               {@link Mode#WHOLE} (overlapping tiles over the whole tomogram) or {@link Mode#CLUSTERS}
 *                           (the paper's: the boxes of picks whose nearest cluster was selected)
 * @param picker             the picker of the clusters mode (its box size is replaced by the model's)
 * @param bfloat16           run the network's convolutions in bfloat16 (faster on CPUs with AVX512_BF16 or AMX,
 *                           within a few per cent of float32)
 * @param flipAverage        average each tile's probabilities over its eight axis flips (8x the network's work)
 * @param minPieces          per group name, connected pieces smaller than this many voxels become background
 *                           (needs the whole label map in memory)
 * @param sphereGroups       groups whose spheres are completed after removing small pieces (needs the whole map)
 * @param shellHalfThickness half the thickness of the completed shells, in voxels
 * @param tileBatch          tiles the network takes at once (memory against speed; does not change results)
 */
public record SegmentSettings(Mode mode, SubvolumePicker picker, boolean bfloat16, boolean flipAverage,
                              Map<String, Integer> minPieces, List<String> sphereGroups, double shellHalfThickness,
                              int tileBatch) {

    /** How to cover the tomogram. */
    public enum Mode { CLUSTERS, WHOLE }

    public SegmentSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(picker, "picker");
        minPieces = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(minPieces));
        sphereGroups = List.copyOf(sphereGroups);
        for (Map.Entry<String, Integer> e : minPieces.entrySet()) {
            if (e.getValue() == null || e.getValue() < 1) {
                throw new IllegalArgumentException("--min-piece " + e.getKey() + "=" + e.getValue()
                        + ": the size must be a positive number of voxels");
            }
        }
        if (!(shellHalfThickness > 0) || !Double.isFinite(shellHalfThickness)) {
            throw new IllegalArgumentException("--shell-half-thickness must be a positive number of voxels, got "
                    + shellHalfThickness);
        }
        if (tileBatch < 1) {
            throw new IllegalArgumentException("tile batch must be at least 1, got " + tileBatch);
        }
    }

    /** Whole mode, float32, no flip averaging, nothing removed or completed, shells 1.5 voxels, 8 tiles a batch. */
    public static SegmentSettings defaults() {
        return new SegmentSettings(Mode.WHOLE, SubvolumePicker.dog(), false, false, Map.of(), List.of(), 1.5, 8);
    }

    /** Whether these settings need the whole label map in memory (so the tomogram cannot be read by region). */
    public boolean needsWholeMap() {
        return !minPieces.isEmpty() || !sphereGroups.isEmpty();
    }

    public SegmentSettings withMode(Mode v) {
        return new SegmentSettings(v, picker, bfloat16, flipAverage, minPieces, sphereGroups, shellHalfThickness, tileBatch);
    }

    public SegmentSettings withPicker(SubvolumePicker v) {
        return new SegmentSettings(mode, v, bfloat16, flipAverage, minPieces, sphereGroups, shellHalfThickness, tileBatch);
    }

    public SegmentSettings withBfloat16(boolean v) {
        return new SegmentSettings(mode, picker, v, flipAverage, minPieces, sphereGroups, shellHalfThickness, tileBatch);
    }

    public SegmentSettings withFlipAverage(boolean v) {
        return new SegmentSettings(mode, picker, bfloat16, v, minPieces, sphereGroups, shellHalfThickness, tileBatch);
    }

    public SegmentSettings withMinPieces(Map<String, Integer> v) {
        return new SegmentSettings(mode, picker, bfloat16, flipAverage, v, sphereGroups, shellHalfThickness, tileBatch);
    }

    public SegmentSettings withSphereGroups(List<String> v) {
        return new SegmentSettings(mode, picker, bfloat16, flipAverage, minPieces, v, shellHalfThickness, tileBatch);
    }

    public SegmentSettings withShellHalfThickness(double v) {
        return new SegmentSettings(mode, picker, bfloat16, flipAverage, minPieces, sphereGroups, v, tileBatch);
    }

    public SegmentSettings withTileBatch(int v) {
        return new SegmentSettings(mode, picker, bfloat16, flipAverage, minPieces, sphereGroups, shellHalfThickness, v);
    }
}
