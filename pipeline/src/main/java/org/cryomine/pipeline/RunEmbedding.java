package org.cryomine.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.CryomineException;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.Contrast;
import org.cryomine.io.Volumes;
import org.cryomine.nn.Normalization;
import org.cryomine.nn.TrainedAutoencoder;
import org.cryomine.segmentation.DensityThreshold;
import org.cryomine.segmentation.LabelEmbedder;
import org.cryomine.segmentation.Placement;
import org.cryomine.segmentation.Selection;

/**
 * {@code cryomine embed}: the label map of a mined tomogram in which the decoded image of every member of
 * a selected group, thresholded at {@code level} standard deviations of the training data (dense side,
 * see {@link DensityThreshold}), is pasted at its position with its group's label.
 */
public final class RunEmbedding {

    private static final int DECODE_BATCH = 256;

    private RunEmbedding() {
    }

    /** The threshold of a run's autoencoder normalization at {@code level}. */
    static DensityThreshold threshold(Normalization n, Contrast contrast, double level) {
        return new DensityThreshold(level, n.mean(), n.std(), contrast == Contrast.DARK);
    }

    /**
     * The label map of a single-tomogram run (tomogram size, voxel size and origin); the run is not modified.
     *
     * @throws CryomineException when the run holds several tomograms: embed each with
     *                           {@link #embed(MinedRun, int, Selection, double, ProgressListener)}
     */
    public static Volume embed(MinedRun run, Selection selection, double level, ProgressListener progress) {
        if (run.dataset().size() > 1) {
            throw new CryomineException("the run holds " + run.dataset().size() + " tomograms; embed them one by one");
        }
        return embed(run, 0, selection, level, progress);
    }

    /**
     * The label map of tomogram {@code tomogram} (an index into {@link MinedRun#dataset()}), the size, voxel size
     * and origin of that tomogram: only its own picks are pasted. The run is not modified.
     */
    public static Volume embed(MinedRun run, int tomogram, Selection selection, double level,
                               ProgressListener progress) {
        selection.requireClustersBelow(run.k());
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < run.assignments().length; i++) {
            if (run.tomogramOfPick()[i] == tomogram && selection.labelOf(run.assignments()[i]) > 0) {
                members.add(i);
            }
        }
        try (TrainedAutoencoder ae = TrainedAutoencoder.load(run.layout().model())) {
            LabelEmbedder embedder = new LabelEmbedder(threshold(ae.normalization(), run.contrast(), level));
            var h = tomogram == 0 ? run.header() : Volumes.readHeader(run.dataset().tomograms().get(tomogram).path());
            Volume like = Volume.zeros(1, 1, 1).withVoxelSize(h.voxelSizeOrDefault());
            LabelEmbedder.Canvas canvas = embedder.canvas(h.nx(), h.ny(), h.nz(), like);
            for (int start = 0; start < members.size(); start += DECODE_BATCH) {
                progress.checkCancelled();
                List<Integer> batch = members.subList(start, Math.min(members.size(), start + DECODE_BATCH));
                float[][] codes = new float[batch.size()][];
                for (int b = 0; b < codes.length; b++) {
                    codes[b] = run.codes()[batch.get(b)];
                }
                Volume[] decoded = ae.decode(codes);
                for (int b = 0; b < decoded.length; b++) {
                    int i = batch.get(b);
                    int[] c = run.centres().get(i);
                    canvas.paint(new Placement(c[0], c[1], c[2], decoded[b], selection.labelOf(run.assignments()[i])));
                }
                progress.onProgress("embedding", start + batch.size(), members.size());
            }
            return canvas.labels().withOrigin(h.origin() == null ? Vec3.ZERO : h.origin());
        }
    }
}
