package org.cryomine.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ObjIntConsumer;
import org.cryomine.core.CryomineException;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.Contrast;
import org.cryomine.io.Volumes;
import org.cryomine.nn.Normalization;
import org.cryomine.nn.TrainedAutoencoder;
import org.cryomine.segmentation.DensityThreshold;
import org.cryomine.segmentation.GroupLevels;
import org.cryomine.segmentation.LabelEmbedder;
import org.cryomine.segmentation.Placement;
import org.cryomine.segmentation.Selection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cryomine embed}: the label map of a mined tomogram in which the decoded image of every member of
 * a selected group, thresholded at {@code level} standard deviations of the training data (dense side,
 * see {@link DensityThreshold}), is pasted at its position with its group's label. A level of
 * {@link #PER_GROUP} (NaN) chooses each group's level from its members' decodings ({@link GroupLevels}: Otsu's
 * threshold of the densities above the mean within 0.45 box edges of the box centres, clamped to [0.25, 2]).
 */
public final class RunEmbedding {

    /** The level that asks for a level per group chosen from the data (NaN). */
    public static final double PER_GROUP = Double.NaN;

    private static final Logger LOG = LoggerFactory.getLogger(RunEmbedding.class);
    private static final int DECODE_BATCH = 256;

    private RunEmbedding() {
    }

    /**
     * A label map and the level each group was thresholded at.
     *
     * @param labels the label map (0 background, group i has label i + 1)
     * @param levels each group's level, in the selection's order (standard deviations, dense side)
     */
    public record Result(Volume labels, List<Double> levels) {
        public Result {
            levels = List.copyOf(levels);
        }
    }

    /** The threshold of a run's autoencoder normalization at {@code level}. */
    static DensityThreshold threshold(Normalization n, Contrast contrast, double level) {
        return new DensityThreshold(level, n.mean(), n.std(), contrast == Contrast.DARK);
    }

    /**
     * The label map of a single-tomogram run (tomogram size, voxel size and origin); the run is not modified.
     *
     * @param level one level for every group, or {@link #PER_GROUP}
     * @throws CryomineException when the run holds several tomograms: embed each with
     *                           {@link #embed(MinedRun, int, Selection, double, ProgressListener)}
     */
    public static Volume embed(MinedRun run, Selection selection, double level, ProgressListener progress) {
        return embedWithLevels(run, selection, level, progress).labels();
    }

    /** As {@link #embed(MinedRun, Selection, double, ProgressListener)}, with the levels used. */
    public static Result embedWithLevels(MinedRun run, Selection selection, double level, ProgressListener progress) {
        if (run.dataset().size() > 1) {
            throw new CryomineException("the run holds " + run.dataset().size() + " tomograms; embed them one by one");
        }
        return embedWithLevels(run, 0, selection, level, progress);
    }

    /**
     * The label map of tomogram {@code tomogram} (an index into {@link MinedRun#dataset()}), the size, voxel size
     * and origin of that tomogram: only its own picks are pasted. The run is not modified.
     */
    public static Volume embed(MinedRun run, int tomogram, Selection selection, double level,
                               ProgressListener progress) {
        return embedWithLevels(run, tomogram, selection, level, progress).labels();
    }

    /**
     * As {@link #embed(MinedRun, int, Selection, double, ProgressListener)}, with the levels used; with
     * {@link #PER_GROUP} each group's level comes from its members in this tomogram (decoded twice: once for the
     * levels, once to paint, so the decodings need not all be in memory).
     */
    public static Result embedWithLevels(MinedRun run, int tomogram, Selection selection, double level,
                                         ProgressListener progress) {
        if (Double.isInfinite(level)) {
            throw new IllegalArgumentException("embedding level must be finite (or NaN: per group), got " + level);
        }
        selection.requireClustersBelow(run.k());
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < run.assignments().length; i++) {
            if (run.tomogramOfPick()[i] == tomogram && selection.labelOf(run.assignments()[i]) > 0) {
                members.add(i);
            }
        }
        try (TrainedAutoencoder ae = TrainedAutoencoder.load(run.layout().model())) {
            boolean perGroup = Double.isNaN(level);
            DensityThreshold threshold = threshold(ae.normalization(), run.contrast(), perGroup ? 0 : level);
            List<Double> levels;
            if (perGroup) {
                GroupLevels.Accumulator acc = GroupLevels.defaults().accumulator(threshold, selection.groups().size());
                decodeMembers(run, ae, members, progress, "levels", (decoded, i) ->
                        acc.add(selection.labelOf(run.assignments()[i]) - 1, decoded));
                levels = Arrays.stream(acc.levels()).boxed().toList();
                for (int g = 0; g < levels.size(); g++) {
                    LOG.info("embedding level of group {}: {} (per group, from the data)",
                            selection.groups().get(g).name(), String.format(Locale.ROOT, "%.3f", levels.get(g)));
                }
            } else {
                levels = Collections.nCopies(selection.groups().size(), level);
            }
            LabelEmbedder embedder = new LabelEmbedder(threshold, levels);
            var h = tomogram == 0 ? run.header() : Volumes.readHeader(run.dataset().tomograms().get(tomogram).path());
            Volume like = Volume.zeros(1, 1, 1).withVoxelSize(h.voxelSizeOrDefault());
            LabelEmbedder.Canvas canvas = embedder.canvas(h.nx(), h.ny(), h.nz(), like);
            decodeMembers(run, ae, members, progress, "embedding", (decoded, i) -> {
                int[] c = run.centres().get(i);
                canvas.paint(new Placement(c[0], c[1], c[2], decoded, selection.labelOf(run.assignments()[i])));
            });
            return new Result(canvas.labels().withOrigin(h.origin() == null ? Vec3.ZERO : h.origin()), levels);
        }
    }

    /** Decodes the members' codes in batches, handing each pick number and decoding to {@code sink}. */
    private static void decodeMembers(MinedRun run, TrainedAutoencoder ae, List<Integer> members,
                                      ProgressListener progress, String stage,
                                      ObjIntConsumer<Volume> sinkByPick) {
        for (int start = 0; start < members.size(); start += DECODE_BATCH) {
            progress.checkCancelled();
            List<Integer> batch = members.subList(start, Math.min(members.size(), start + DECODE_BATCH));
            float[][] codes = new float[batch.size()][];
            for (int b = 0; b < codes.length; b++) {
                codes[b] = run.codes()[batch.get(b)];
            }
            Volume[] decoded = ae.decode(codes);
            for (int b = 0; b < decoded.length; b++) {
                sinkByPick.accept(decoded[b], batch.get(b));
            }
            progress.onProgress(stage, start + batch.size(), members.size());
        }
    }
}
