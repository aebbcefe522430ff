package org.cryomine.cli.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.cryomine.core.CryomineException;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.Peak;
import org.cryomine.core.pick.RegionSource;
import org.cryomine.core.pick.SubvolumePicker;
import org.cryomine.nn.TrainedAutoencoder;
import org.cryomine.nn.TrainedEdss3d;
import org.cryomine.segmentation.FlipAveragedModel;
import org.cryomine.segmentation.Selection;
import org.cryomine.segmentation.SmallComponents;
import org.cryomine.segmentation.SphereCompletion;
import org.cryomine.segmentation.TiledSegmenter;
import org.cryomine.segmentation.TileModel;
import org.cryomine.segmentation.WeightCorrectedModel;

/**
 * {@code cryomine segment}: a trained {@link SegModel} applied to a new tomogram, in one of two modes.
 * <ul>
 * <li>{@link Mode#CLUSTERS}, the paper's: pick the new tomogram, encode the picks as the run's were (its
 * autoencoder; averaged over flips when the run's codes were), map each to its nearest cluster centre, and
 * segment the boxes of picks whose cluster was selected, blending where they overlap; elsewhere
 * background.</li>
 * <li>{@link Mode#WHOLE}: segment the entire tomogram with overlapping tiles, blended.</li>
 * </ul>
 */
public final class Segmentation {

    /** How to cover the new tomogram. */
    public enum Mode { CLUSTERS, WHOLE }

    private static final int ENCODE_BATCH = 256;
    /** Fraction of a tile shared with its neighbour in whole mode. */
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Segmentation.class);
    private static final double TILE_OVERLAP = 0.5;

    /**
     * Tiles reach a quarter tile beyond the tomogram's faces (mirrored there), so the faces are labelled from
     * tile interiors: Edss3d trained with a label radius never learned its boxes' faces. With sphere-completed
     * weak labels, one trained network labelled the faces of the demo's second tomogram membrane throughout
     * without a margin (membrane IoU 0.24) and gave 0.44 with it.
     */
    private static final double TILE_MARGIN = 0.25;

    private Segmentation() {
    }

    /** The label map of {@code tomogram} (0 background, i + 1 for the selection's group i), in float32. */
    public static Volume segment(SegModel model, Volume tomogram, Mode mode, SubvolumePicker picker,
                                 ProgressListener progress) {
        return segment(model, tomogram, mode, picker, false, progress);
    }

    /**
     * As {@link #segment(SegModel, Volume, Mode, SubvolumePicker, ProgressListener)}; with {@code bfloat16} the
     * network's convolutions run in oneDNN's bfloat16 (faster on CPUs with AVX512_BF16 or AMX, within a few
     * per cent of float32; see {@link TrainedEdss3d#withBfloat16Inference()}).
     */
    public static Volume segment(SegModel model, Volume tomogram, Mode mode, SubvolumePicker picker, boolean bfloat16,
                                 ProgressListener progress) {
        return segment(model, tomogram, mode, picker, bfloat16, false, progress);
    }

    /**
     * As {@link #segment(SegModel, Volume, Mode, SubvolumePicker, boolean, ProgressListener)}; with
     * {@code flipAveraged} every tile's probabilities are averaged over its eight axis flips
     * ({@link FlipAveragedModel}, beyond the paper): eight times the network's work.
     */
    public static Volume segment(SegModel model, Volume tomogram, Mode mode, SubvolumePicker picker, boolean bfloat16,
                                 boolean flipAveraged, ProgressListener progress) {
        return segment(model, tomogram, mode, picker, bfloat16, flipAveraged, false, progress).labels();
    }

    /**
     * As {@link #segment(SegModel, Volume, Mode, SubvolumePicker, boolean, boolean, ProgressListener)}; with
     * {@code probabilities} also the blended probability of each class (index 0 background, i + 1 group i) from
     * which the labels were taken, one more map of the tomogram's size per class; without, the maps' probabilities
     * are null and no extra maps are held.
     */
    public static TiledSegmenter.Maps segment(SegModel model, Volume tomogram, Mode mode, SubvolumePicker picker,
                                              boolean bfloat16, boolean flipAveraged, boolean probabilities,
                                              ProgressListener progress) {
        try (TrainedEdss3d loaded = TrainedEdss3d.load(model.edss3d());
             TrainedEdss3d net = bfloat16 ? loaded.withBfloat16Inference() : null) {
            TiledSegmenter segmenter = segmenter(net != null ? net : loaded, flipAveraged);
            if (mode == Mode.WHOLE) {
                return probabilities ? segmenter.segmentWithProbabilities(tomogram, progress)
                        : new TiledSegmenter.Maps(segmenter.segment(tomogram, progress), null);
            }
            List<int[]> picks = selectedPicks(model, tomogram, picker, progress);
            return probabilities ? segmenter.segmentBoxesWithProbabilities(tomogram, picks, progress)
                    : new TiledSegmenter.Maps(segmenter.segmentBoxes(tomogram, picks, progress), null);
        }
    }

    /**
     * {@link Mode#WHOLE} over a tomogram read by region (for tomograms larger than the heap): the label map
     * (0 background, i + 1 for group i) is handed to {@code labelSlabs} as nx x ny x k slabs in z order, and
     * equals what {@link #segment(SegModel, Volume, Mode, SubvolumePicker, boolean, boolean, ProgressListener)}
     * gives for the whole tomogram voxel for voxel (the same tiles, batches and blending; see
     * {@link TiledSegmenter#segment(RegionSource, long, Consumer, ProgressListener)}).
     *
     * @param memoryBytes bytes the tomogram slab and the blending buffers may take (they need at least about
     *                    4 nx ny box (2.5 classes + 4.5) bytes)
     */
    public static void segmentWholeByRegion(SegModel model, RegionSource tomogram, long memoryBytes, boolean bfloat16,
                                            boolean flipAveraged, Consumer<Volume> labelSlabs,
                                            ProgressListener progress) {
        segmentWholeByRegion(model, tomogram, memoryBytes, bfloat16, flipAveraged, labelSlabs, null, progress);
    }

    /**
     * As {@link #segmentWholeByRegion(SegModel, RegionSource, long, boolean, boolean, Consumer, ProgressListener)};
     * {@code probabilitySlabs}, when not null, receives each slab's class probabilities (index 0 background,
     * i + 1 group i) just before its labels, equal to those of the in-memory path.
     */
    public static void segmentWholeByRegion(SegModel model, RegionSource tomogram, long memoryBytes, boolean bfloat16,
                                            boolean flipAveraged, Consumer<Volume> labelSlabs,
                                            Consumer<Volume[]> probabilitySlabs, ProgressListener progress) {
        try (TrainedEdss3d loaded = TrainedEdss3d.load(model.edss3d());
             TrainedEdss3d net = bfloat16 ? loaded.withBfloat16Inference() : null) {
            segmenter(net != null ? net : loaded, flipAveraged).segment(tomogram, memoryBytes, labelSlabs,
                    probabilitySlabs, progress);
        }
    }

    /**
     * Removes, in {@code labels} (modified), every connected piece of a group smaller than the number of voxels
     * {@code minPieces} gives for the group's name ({@link SmallComponents}); groups not named are kept whole.
     *
     * @throws CryomineException when {@code minPieces} names a group the model does not have
     */
    public static void removeSmallPieces(Volume labels, Selection selection, Map<String, Integer> minPieces) {
        for (Map.Entry<String, Integer> e : minPieces.entrySet()) {
            long cleared = SmallComponents.remove(labels, selection.labelOfGroup(e.getKey(), "--min-piece"), e.getValue());
            LOG.info("{}: {} voxels in pieces under {} voxels set to background", e.getKey(), cleared, e.getValue());
        }
    }

    /**
     * Completes, in {@code labels} (modified), the spheres of each named group ({@link SphereCompletion#complete},
     * with the settings for the model's box size): background voxels within {@code halfThickness} voxels of an
     * accepted sphere's surface get the group's label.
     *
     * @throws CryomineException when {@code groups} names a group the model does not have
     */
    public static void completeSpheres(Volume labels, Selection selection, List<String> groups, double halfThickness,
                                       int boxSize) {
        for (String group : groups) {
            int label = selection.labelOfGroup(group, "--complete-spheres");
            List<SphereCompletion.Sphere> spheres = SphereCompletion.forBox(boxSize).complete(labels, label, halfThickness);
            for (SphereCompletion.Sphere s : spheres) {
                LOG.info("{}: sphere at ({}, {}, {}), radius {} voxels completed", group, Math.round(s.centre().x()),
                        Math.round(s.centre().y()), Math.round(s.centre().z()),
                        String.format(java.util.Locale.ROOT, "%.1f", s.radius()));
            }
            LOG.info("{}: {} spheres completed", group, spheres.size());
        }
    }

    /**
     * Tiles overlapping by half, their probabilities corrected for the class weights of training
     * ({@link WeightCorrectedModel}), flip-averaged when asked; one place, so both paths tile alike.
     */
    private static TiledSegmenter segmenter(TrainedEdss3d net, boolean flipAveraged) {
        TileModel tiles = tileModel(net);
        List<Double> weights = net.config().classWeights();
        if (!weights.isEmpty()) {
            tiles = new WeightCorrectedModel(tiles, weights.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return new TiledSegmenter(flipAveraged ? new FlipAveragedModel(tiles) : tiles, TILE_OVERLAP, TILE_MARGIN);
    }

    /** Centres of the picks whose nearest cluster centre is a selected cluster. */
    static List<int[]> selectedPicks(SegModel model, Volume tomogram, SubvolumePicker picker, ProgressListener progress) {
        List<int[]> centres = centres(picker.boxSize(model.boxSize()).findPeaks(tomogram, progress));
        return selectByCluster(model, new BoxView(tomogram, centres, model.boxSize()), centres, progress);
    }

    /**
     * {@link Mode#CLUSTERS} over a tomogram read by region (for tomograms larger than the heap): picking by
     * z-slabs, the boxes cut in one slab pass into a scratch file in {@code scratchDir} (removed before
     * segmenting), and the selected boxes segmented from slabs; the label map (and each class's probabilities,
     * when {@code probabilitySlabs} is not null) is handed on slab by slab in z order, equal to what
     * {@link #segment(SegModel, Volume, Mode, SubvolumePicker, boolean, boolean, ProgressListener)} gives for the
     * whole tomogram up to picks whose DoG responses tie within a few float ulps.
     *
     * @param memoryBytes bytes a slab and the blending buffers may take
     */
    public static void segmentClustersByRegion(SegModel model, FileRegionSource tomogram, Path scratchDir,
                                               long memoryBytes, SubvolumePicker picker, boolean bfloat16,
                                               boolean flipAveraged, Consumer<Volume> labelSlabs,
                                               Consumer<Volume[]> probabilitySlabs, ProgressListener progress)
            throws IOException {
        List<int[]> selected;
        try (TomogramInput input = TomogramInput.byRegion(tomogram, scratchDir, memoryBytes)) {
            List<int[]> centres = centres(input.findPeaks(picker.boxSize(model.boxSize()), progress));
            selected = selectByCluster(model, input.boxes(centres, model.boxSize(), false, model.contrast(), progress),
                    centres, progress);
        }
        try (TrainedEdss3d loaded = TrainedEdss3d.load(model.edss3d());
             TrainedEdss3d net = bfloat16 ? loaded.withBfloat16Inference() : null) {
            segmenter(net != null ? net : loaded, flipAveraged).segmentBoxes(tomogram, selected, memoryBytes,
                    labelSlabs, probabilitySlabs, progress);
        }
    }

    private static List<int[]> centres(List<Peak> peaks) {
        List<int[]> centres = new ArrayList<>(peaks.size());
        peaks.forEach(p -> centres.add(new int[] {p.x(), p.y(), p.z()}));
        return centres;
    }

    /** The centres whose box's code (averaged as the run's were) lies nearest a selected cluster's centre. */
    private static List<int[]> selectByCluster(SegModel model, List<Volume> boxes, List<int[]> centres,
                                               ProgressListener progress) {
        float[][] centroids = MatrixCsv.read(model.centroids());
        model.selection().requireClustersBelow(centroids.length);
        List<int[]> selected = new ArrayList<>();
        try (TrainedAutoencoder ae = TrainedAutoencoder.load(model.autoencoder())) {
            for (int start = 0; start < boxes.size(); start += ENCODE_BATCH) {
                progress.checkCancelled();
                int end = Math.min(boxes.size(), start + ENCODE_BATCH);
                float[][] codes = ae.encode(boxes.subList(start, end), model.codeAveraging());
                for (int i = 0; i < codes.length; i++) {
                    if (model.selection().labelOf(nearest(codes[i], centroids)) > 0) {
                        selected.add(centres.get(start + i));
                    }
                }
                progress.onProgress("encoding picks", end, boxes.size());
            }
        }
        return selected;
    }

    static int nearest(float[] code, float[][] centroids) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            double d = 0;
            for (int j = 0; j < code.length; j++) {
                double t = code[j] - centroids[c][j];
                d += t * t;
            }
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    /** Edss3d seen as a tile model. */
    static TileModel tileModel(TrainedEdss3d net) {
        return new TileModel() {
            @Override
            public int classes() {
                return net.config().numClasses();
            }

            @Override
            public int[] tileSize() {
                return new int[] {net.config().boxX(), net.config().boxY(), net.config().boxZ()};
            }

            @Override
            public Volume[] probabilities(Volume tile) {
                return net.probabilities(tile);
            }

            @Override
            public List<Volume[]> probabilities(List<Volume> tiles) {
                return net.probabilities(tiles);
            }

            @Override
            public int batchSize() {
                return 8;
            }
        };
    }
}
