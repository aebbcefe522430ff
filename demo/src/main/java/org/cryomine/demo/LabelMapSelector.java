package org.cryomine.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cryomine.core.Volume;
import org.cryomine.segmentation.Selection;

/**
 * A selection made from an annotation instead of a person: each pick takes the class of a label map at its centre,
 * and {@link GroundTruthSelector} groups the clusters whose members are mostly of one wanted class. Used by the
 * end-to-end benchmark (simulated tomograms come with their label map) and by a user who has annotated one
 * tomogram and wants the matching clusters.
 */
public final class LabelMapSelector {

    /** Radius in voxels searched for a non-zero label when the centre voxel is background. */
    public static final int SEARCH_RADIUS = 2;

    private LabelMapSelector() {
    }

    /**
     * The label of each pick: the label map's value at the centre when it is not 0, otherwise the most frequent
     * non-zero value within {@link #SEARCH_RADIUS} voxels (the smaller on ties), otherwise 0. A pick beside a thin
     * membrane thus counts as membrane.
     *
     * @param labels  label map, same grid as the picks (not modified)
     * @param centres pick centres (x, y, z) in voxels; centres outside the map get 0
     */
    public static int[] labelsAt(Volume labels, List<int[]> centres) {
        Objects.requireNonNull(labels, "labels");
        int[] out = new int[centres.size()];
        int r = SEARCH_RADIUS;
        for (int i = 0; i < out.length; i++) {
            int[] c = centres.get(i);
            if (!inside(labels, c[0], c[1], c[2])) {
                continue;
            }
            int centre = Math.round(labels.get(c[0], c[1], c[2]));
            if (centre != 0) {
                out[i] = centre;
                continue;
            }
            Map<Integer, Integer> counts = new java.util.TreeMap<>();
            for (int dz = -r; dz <= r; dz++) {
                for (int dy = -r; dy <= r; dy++) {
                    for (int dx = -r; dx <= r; dx++) {
                        int x = c[0] + dx;
                        int y = c[1] + dy;
                        int z = c[2] + dz;
                        if (dx * dx + dy * dy + dz * dz <= r * r && inside(labels, x, y, z)) {
                            int l = Math.round(labels.get(x, y, z));
                            if (l > 0) {
                                counts.merge(l, 1, Integer::sum);
                            }
                        }
                    }
                }
            }
            out[i] = counts.entrySet().stream().max(Map.Entry.<Integer, Integer>comparingByValue()
                    .thenComparing(e -> -e.getKey())).map(Map.Entry::getKey).orElse(0);
        }
        return out;
    }

    /**
     * The selection of clusters whose members are mostly (more than {@code minFraction}) of one group's labels.
     *
     * @param assignments cluster of each pick
     * @param pickLabels  label of each pick ({@link #labelsAt})
     * @param groups      group name to the labels it takes, in label order of the selection (e.g. membrane to [1],
     *                    globule to [2, 3])
     * @param minFraction fraction in (0, 1) of a cluster's members that must be of the group
     * @throws IllegalArgumentException when a label is claimed by two groups, or no cluster holds any wanted label
     */
    public static Selection select(int[] assignments, int[] pickLabels, Map<String, List<Integer>> groups,
                                   double minFraction) {
        if (assignments.length != pickLabels.length) {
            throw new IllegalArgumentException(assignments.length + " assignments but " + pickLabels.length + " labels");
        }
        if (!(minFraction > 0 && minFraction < 1)) {
            throw new IllegalArgumentException("the minimum fraction must lie in (0, 1), got " + minFraction);
        }
        Map<Integer, Integer> groupOfLabel = new LinkedHashMap<>();
        Map<Integer, String> wanted = new LinkedHashMap<>();
        int g = 0;
        for (var e : groups.entrySet()) {
            g++;
            wanted.put(g, e.getKey());
            for (int label : e.getValue()) {
                if (label <= 0) {
                    throw new IllegalArgumentException("group " + e.getKey() + ": labels are positive (0 is background), "
                            + "got " + label);
                }
                if (groupOfLabel.put(label, g) != null) {
                    throw new IllegalArgumentException("label " + label + " is given to two groups");
                }
            }
        }
        int[] classes = new int[pickLabels.length];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = groupOfLabel.getOrDefault(pickLabels[i], 0);
        }
        return GroundTruthSelector.select(assignments, classes, wanted, minFraction);
    }

    private static boolean inside(Volume v, int x, int y, int z) {
        return x >= 0 && y >= 0 && z >= 0 && x < v.nx() && y < v.ny() && z < v.nz();
    }
}
