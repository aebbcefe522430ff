package org.cryomine.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cryomine.segmentation.Selection;

/**
 * Stands in for the person who selects clusters in the demo: each cluster whose members are mostly
 * (more than {@code minFraction}) of one wanted class goes into that class's group. A wanted class that
 * no cluster qualifies for gets the one free cluster richest in it, as a person would still pick the
 * best-looking cluster. Groups are returned in the order of {@code wanted}, so labels follow it (first
 * wanted class = label 1).
 */
public final class GroundTruthSelector {

    private GroundTruthSelector() {
    }

    /**
     * @param assignments cluster number of each pick
     * @param truth       true class of each pick (0 background)
     * @param wanted      class number to group name, in label order
     * @param minFraction fraction of a cluster's members that must share its majority class
     * @return the selection; groups that no cluster qualifies for are left out
     * @throws IllegalArgumentException when no cluster qualifies for any wanted class
     */
    public static Selection select(int[] assignments, int[] truth, Map<Integer, String> wanted, double minFraction) {
        return select(assignments, truth, wanted, minFraction, java.util.Set.of());
    }

    /**
     * {@link #select(int[], int[], Map, double)}, except that the classes in {@code optional} get a group only from
     * clusters that qualify (no richest-cluster fallback): a person names such a class only where clusters show it.
     */
    public static Selection select(int[] assignments, int[] truth, Map<Integer, String> wanted, double minFraction,
                                   java.util.Set<Integer> optional) {
        int k = java.util.Arrays.stream(assignments).max().orElse(-1) + 1;
        int classes = java.util.Arrays.stream(truth).max().orElse(0) + 1;
        int[][] counts = new int[k][classes];
        int[] sizes = new int[k];
        for (int i = 0; i < assignments.length; i++) {
            counts[assignments[i]][truth[i]]++;
            sizes[assignments[i]]++;
        }
        Map<Integer, List<Integer>> chosen = new LinkedHashMap<>();
        wanted.keySet().forEach(c -> chosen.put(c, new ArrayList<>()));
        for (int c = 0; c < k; c++) {
            int best = 0;
            for (int cls = 1; cls < classes; cls++) {
                if (counts[c][cls] > counts[c][best]) {
                    best = cls;
                }
            }
            if (sizes[c] > 0 && chosen.containsKey(best) && counts[c][best] > minFraction * sizes[c]) {
                chosen.get(best).add(c);
            }
        }
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        chosen.values().forEach(taken::addAll);
        for (var e : chosen.entrySet()) {
            if (!e.getValue().isEmpty() || optional.contains(e.getKey())) {
                continue;
            }
            int cls = e.getKey();
            int best = -1;
            for (int c = 0; c < k; c++) {
                if (!taken.contains(c) && cls < classes && counts[c][cls] > 0 && (best < 0
                        || (double) counts[c][cls] / sizes[c] > (double) counts[best][cls] / sizes[best])) {
                    best = c;
                }
            }
            if (best >= 0) {
                e.getValue().add(best);
                taken.add(best);
            }
        }
        List<Selection.Group> groups = new ArrayList<>();
        chosen.forEach((cls, clusters) -> {
            if (!clusters.isEmpty()) {
                groups.add(new Selection.Group(wanted.get(cls), clusters));
            }
        });
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("no cluster holds any pick of the classes " + wanted.values()
                    + "; the picking found nothing to select");
        }
        return new Selection(groups);
    }
}
