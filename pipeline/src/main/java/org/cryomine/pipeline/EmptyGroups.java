package org.cryomine.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.Volume;
import org.cryomine.segmentation.Selection;

/** The groups of a selection that a label map (0 background, i + 1 group i) gives no voxel. */
public final class EmptyGroups {

    private EmptyGroups() {
    }

    /** Voxels of each label 0..groups in {@code labels} (not modified); other values are not counted. */
    public static long[] counts(Volume labels, int groups) {
        long[] counts = new long[groups + 1];
        for (float v : labels.data()) {
            int label = (int) v;
            if (label == v && label >= 0 && label <= groups) {
                counts[label]++;
            }
        }
        return counts;
    }

    /** Names of the selection's groups without a voxel in {@code labels}, in the selection's order. */
    public static List<String> of(Volume labels, Selection selection) {
        long[] counts = counts(labels, selection.groups().size());
        List<String> empty = new ArrayList<>();
        for (int g = 0; g < selection.groups().size(); g++) {
            if (counts[g + 1] == 0) {
                empty.add(selection.groups().get(g).name());
            }
        }
        return empty;
    }
}
