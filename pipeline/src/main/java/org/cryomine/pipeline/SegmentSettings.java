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
 * @param flips              1: each tile through the network as it is; 2, 4 or 8 (beyond the paper): each tile's
 *                           probabilities averaged over that many of its axis flips
 *                           ({@link org.cryomine.segmentation.FlipAveragedModel}), for that many times the network's
 *                           work
 * @param minPieces          per group name, connected pieces smaller than this many voxels become background
 *                           (needs the whole label map in memory)
 * @param sphereGroups       groups whose spheres are completed after removing small pieces (needs the whole map)
 * @param shellHalfThickness half the thickness of the completed shells, in voxels
 * @param tileBatch          tiles of the model's box size the network takes at once (memory against speed; does not
 *                           change results); larger tiles go fewer at a time, for the same number of voxels
 * @param tileEdge           edge of the whole mode's tiles in voxels; tiles are never smaller than the model's box
 *                           (0: the box edge). Neighbouring tiles share half a box edge and the first and last reach
 *                           a quarter box edge beyond the faces, whatever the tile's edge, so larger tiles compute each
 *                           voxel fewer times: 8 times at the box edge, 2.4 times at twice it (docs/measurements.md)
 * @param minPieceFraction   0: off; f &gt; 0 (beyond the paper): for each group without a {@code minPieces} entry,
 *                           connected pieces smaller than f times the group's typical object in the model's weak labels
 *                           ({@link SegModel#groupObjectVoxels()}) become background, so the size follows what the
 *                           selected clusters show (voxel size, object size) instead of a number of voxels; applied
 *                           where the label map is in memory (a tomogram read by region keeps its pieces), and not to
 *                           models that do not record their objects' sizes
 * @param matchIntensities   true (beyond the paper): before anything else sees it, the tomogram is changed affinely so
 *                           that its median and spread ({@link org.cryomine.core.stats.IntensityStatistics}) equal those
 *                           of the data the model was trained on ({@link SegModel#intensity()}: the training
 *                           tomogram's, or median 0 and spread 1 for a dataset run's standardized boxes), since other
 *                           reconstructions, microscopes and file types scale intensities differently and the networks
 *                           know the training data's units only; false (the paper): the voxels as they are, with a
 *                           warning when they are clearly in other units. Models that do not record their training
 *                           intensities are applied as they are
 * @param completeMembranes  true (beyond the paper): the spheres of every membrane group of the model's selection
 *                           ({@link org.cryomine.segmentation.Selection.Kind#MEMBRANE}) are completed as for
 *                           {@code sphereGroups}, so vesicles get the caps the missing wedge hides; where the label map
 *                           is in memory (a tomogram read by region is left as segmented, with a warning)
 * @param maxPieceMultiple   0: off; m &ge; 1 (beyond the paper): in every particle group of the model's selection
 *                           ({@link org.cryomine.segmentation.Selection.Kind#PARTICLE}), connected pieces larger than m
 *                           times the group's typical object in the model's weak labels become background: not one
 *                           particle but something else taken for them (carbon film, a membrane in the section); where
 *                           the label map is in memory, and not for models that do not record their objects' sizes
 * @param sheetsToMembranes  true (beyond the paper): pieces of a particle group shaped like a patch of membrane (thin in
 *                           one direction, wide in the others) that touch a membrane group's segmentation join that
 *                           membrane group ({@link org.cryomine.segmentation.SheetPieces}), after the other rules; where
 *                           the label map is in memory
 */
public record SegmentSettings(Mode mode, SubvolumePicker picker, boolean bfloat16, int flips,
                              Map<String, Integer> minPieces, List<String> sphereGroups, double shellHalfThickness,
                              int tileBatch, int tileEdge, double minPieceFraction, boolean matchIntensities,
                              boolean completeMembranes, double maxPieceMultiple,
                              boolean sheetsToMembranes) {

    /**
     * The default edge of whole-mode tiles in voxels: 64, twice the recipes' box. Measured on a 400x400x128 tomogram
     * (docs/measurements.md): 2.4x faster than tiles of the 32-voxel box, at equal or better IoU.
     */
    public static final int DEFAULT_TILE_EDGE = 64;

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
        if (!(minPieceFraction >= 0 && minPieceFraction <= 1)) {
            throw new IllegalArgumentException("--min-piece-fraction must be in [0, 1] (a fraction of a group's typical "
                    + "object; 0: off), got " + minPieceFraction);
        }
        if (!(maxPieceMultiple == 0 || maxPieceMultiple >= 1 && Double.isFinite(maxPieceMultiple))) {
            throw new IllegalArgumentException("--max-piece-multiple must be 0 (off) or at least 1 (a multiple of a "
                    + "group's typical object), got " + maxPieceMultiple);
        }
        if (flips != 1 && flips != 2 && flips != 4 && flips != 8) {
            throw new IllegalArgumentException("--flips must be 1 (no averaging), 2, 4 or 8 (flips averaged), got "
                    + flips);
        }
        if (tileEdge < 0) {
            throw new IllegalArgumentException("tile edge must be a number of voxels (0: the model's box edge), got "
                    + tileEdge);
        }
    }

    /**
     * Whole mode, float32 (a model trained in mixed precision runs in bfloat16 anyway), no flip averaging, nothing
     * removed or completed, shells 1.5 voxels, 8 boxes' worth of voxels a batch, tiles of {@value #DEFAULT_TILE_EDGE}
     * voxels, intensities matched to the training tomogram's, membranes not completed, no piece too large, no
     * particle piece given to a membrane.
     */
    public static SegmentSettings defaults() {
        return new SegmentSettings(Mode.WHOLE, SubvolumePicker.dog(), false, 1, Map.of(), List.of(), 1.5, 8,
                DEFAULT_TILE_EDGE, 0, true, false, 0, false);
    }

    /** Whether these settings need the whole label map in memory (so the tomogram cannot be read by region). */
    public boolean needsWholeMap() {
        return !minPieces.isEmpty() || !sphereGroups.isEmpty();
    }

    public SegmentSettings withMode(Mode v) {
        return edit(e -> e.mode = v);
    }

    public SegmentSettings withPicker(SubvolumePicker v) {
        return edit(e -> e.picker = v);
    }

    public SegmentSettings withBfloat16(boolean v) {
        return edit(e -> e.bfloat16 = v);
    }

    /** Whether tiles are averaged over flips ({@link #flips()} above 1). */
    public boolean flipAverage() {
        return flips > 1;
    }

    /** All eight flips averaged ({@code true}) or none ({@code false}); {@link #withFlips(int)} for 2 or 4. */
    public SegmentSettings withFlipAverage(boolean v) {
        return withFlips(v ? 8 : 1);
    }

    /** Tiles averaged over {@code v} axis flips: 1 (none), 2, 4 or 8. */
    public SegmentSettings withFlips(int v) {
        return edit(e -> e.flips = v);
    }

    public SegmentSettings withMinPieces(Map<String, Integer> v) {
        return edit(e -> e.minPieces = v);
    }

    public SegmentSettings withSphereGroups(List<String> v) {
        return edit(e -> e.sphereGroups = v);
    }

    public SegmentSettings withShellHalfThickness(double v) {
        return edit(e -> e.shellHalfThickness = v);
    }

    public SegmentSettings withTileBatch(int v) {
        return edit(e -> e.tileBatch = v);
    }

    public SegmentSettings withMinPieceFraction(double v) {
        return edit(e -> e.minPieceFraction = v);
    }

    public SegmentSettings withTileEdge(int v) {
        return edit(e -> e.tileEdge = v);
    }

    public SegmentSettings withMatchIntensities(boolean v) {
        return edit(e -> e.matchIntensities = v);
    }

    public SegmentSettings withCompleteMembranes(boolean v) {
        return edit(e -> e.completeMembranes = v);
    }

    public SegmentSettings withMaxPieceMultiple(double v) {
        return edit(e -> e.maxPieceMultiple = v);
    }

    public SegmentSettings withSheetsToMembranes(boolean v) {
        return edit(e -> e.sheetsToMembranes = v);
    }

    private SegmentSettings edit(java.util.function.Consumer<Editor> change) {
        Editor e = new Editor(this);
        change.accept(e);
        return e.build();
    }

    /** The settings as mutable fields, for {@link #edit}: each {@code with*} changes one and builds anew. */
    private static final class Editor {
        private Mode mode;
        private SubvolumePicker picker;
        private boolean bfloat16;
        private int flips;
        private Map<String, Integer> minPieces;
        private List<String> sphereGroups;
        private double shellHalfThickness;
        private int tileBatch;
        private int tileEdge;
        private double minPieceFraction;
        private boolean matchIntensities;
        private boolean completeMembranes;
        private double maxPieceMultiple;
        private boolean sheetsToMembranes;

        private Editor(SegmentSettings s) {
            mode = s.mode;
            picker = s.picker;
            bfloat16 = s.bfloat16;
            flips = s.flips;
            minPieces = s.minPieces;
            sphereGroups = s.sphereGroups;
            shellHalfThickness = s.shellHalfThickness;
            tileBatch = s.tileBatch;
            tileEdge = s.tileEdge;
            minPieceFraction = s.minPieceFraction;
            matchIntensities = s.matchIntensities;
            completeMembranes = s.completeMembranes;
            maxPieceMultiple = s.maxPieceMultiple;
            sheetsToMembranes = s.sheetsToMembranes;
        }

        private SegmentSettings build() {
            return new SegmentSettings(mode, picker, bfloat16, flips, minPieces, sphereGroups, shellHalfThickness,
                    tileBatch, tileEdge, minPieceFraction, matchIntensities, completeMembranes, maxPieceMultiple,
                    sheetsToMembranes);
        }
    }
}
