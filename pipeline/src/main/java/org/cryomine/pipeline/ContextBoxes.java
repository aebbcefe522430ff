package org.cryomine.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cryomine.core.Labels;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.segmentation.TrainingSet;

/**
 * A training set's examples cut again with voxels of context around their boxes, for Edss3d's shift augmentation
 * ({@link SegTrainSettings#shift()}): each image is the tomogram's box of edge {@code box + 2 margin} around the
 * example's centre, each label volume the example's labels in the middle and unknown in the margin.
 */
final class ContextBoxes {

    private ContextBoxes() {
    }

    /**
     * {@code set} (not modified) with context.
     *
     * @param set          examples whose {@link TrainingSet#sources()} index the run's picks, or, past them,
     *                     {@code extraCentres}
     * @param inputs       the run's tomograms, in the dataset's order (one for a run of one tomogram)
     * @param run          the mined run (picks, their tomograms, contrast)
     * @param extraCentres centres (x, y, z, voxels) of the examples added beyond the picks, in the first tomogram
     * @param box          the examples' cubic box edge, voxels
     * @param margin       voxels of context on each side (&gt; 0)
     */
    static TrainingSet of(TrainingSet set, List<TomogramInput> inputs, MinedRun run, List<int[]> extraCentres,
                          int box, int margin, ProgressListener progress) throws IOException {
        int picks = run.centres().size();
        int[] tomogramOf = new int[picks];
        for (int t = 1; t < inputs.size(); t++) {
            for (int p : run.picksOf(t)) {
                tomogramOf[p] = t;
            }
        }
        List<List<Integer>> examplesOf = new ArrayList<>();
        List<List<int[]>> centresOf = new ArrayList<>();
        for (int t = 0; t < inputs.size(); t++) {
            examplesOf.add(new ArrayList<>());
            centresOf.add(new ArrayList<>());
        }
        int[] sources = set.sources();
        // an example repeated (WeakLabels#balancedGroups) is cut once and given as the same object, so Edss3d keeps
        // its repeats on one side of the validation split
        java.util.Map<Integer, Integer> firstWithSource = new java.util.HashMap<>();
        for (int i = 0; i < sources.length; i++) {
            int s = sources[i];
            if (firstWithSource.putIfAbsent(s, i) != null) {
                continue;
            }
            int t = s < picks ? tomogramOf[s] : 0;
            examplesOf.get(t).add(i);
            centresOf.get(t).add(s < picks ? run.centres().get(s) : extraCentres.get(s - picks));
        }
        Volume[] images = new Volume[sources.length];
        for (int t = 0; t < inputs.size(); t++) {
            if (centresOf.get(t).isEmpty()) {
                continue;
            }
            List<Volume> cut = inputs.get(t).boxes(centresOf.get(t), box + 2 * margin, false, run.contrast(), progress);
            for (int j = 0; j < cut.size(); j++) {
                images[examplesOf.get(t).get(j)] = cut.get(j);
            }
        }
        for (int i = 0; i < sources.length; i++) {
            images[i] = images[firstWithSource.get(sources[i])];
        }
        List<Volume> labels = new ArrayList<>(sources.length);
        for (Volume l : set.labels()) {
            labels.add(padded(l, margin, Labels.UNKNOWN));
        }
        return new TrainingSet(Arrays.asList(images), labels, set.classes(), sources, set.pool(), set.poolPerEpoch());
    }

    /** A new volume: {@code v} (not modified) in the middle, {@code margin} voxels of {@code fill} around it. */
    static Volume padded(Volume v, int margin, float fill) {
        int nx = v.nx() + 2 * margin;
        int ny = v.ny() + 2 * margin;
        int nz = v.nz() + 2 * margin;
        float[] out = new float[nx * ny * nz];
        Arrays.fill(out, fill);
        float[] src = v.data();
        for (int z = 0; z < v.nz(); z++) {
            for (int y = 0; y < v.ny(); y++) {
                System.arraycopy(src, v.nx() * (y + v.ny() * z), out, margin + nx * (y + margin + ny * (z + margin)),
                        v.nx());
            }
        }
        return Volume.wrap(out, nx, ny, nz, v.voxelSize(), v.origin());
    }
}
