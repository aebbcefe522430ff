package org.cryomine.core.metrics;

import org.cryomine.core.Volume;

/**
 * The true class of a pick, read from a ground-truth label map (0 background, 1.. classes): the label at
 * the pick's centre voxel when it is not background, otherwise the most frequent non-zero label within
 * {@code radius} voxels (ties to the nearer voxel's label), otherwise background. Reading the label map,
 * not the nearest object centre, is what makes membranes (sheets without a meaningful centre) countable.
 */
public final class GroundTruthClasses {

    private GroundTruthClasses() {
    }

    /** The class of the pick at voxel (x, y, z); positions outside the map are background. */
    public static int classAt(Volume labels, int x, int y, int z, int radius) {
        if (radius < 0) {
            throw new IllegalArgumentException("radius must not be negative, got " + radius);
        }
        if (!labels.contains(x, y, z)) {
            return 0;
        }
        int centre = (int) labels.get(x, y, z);
        if (centre != 0) {
            return centre;
        }
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        java.util.Map<Integer, Integer> nearest = new java.util.HashMap<>();
        int r2 = radius * radius;
        for (int dz = -radius; dz <= radius; dz++) {
            for (int dy = -radius; dy <= radius; dy++) {
                for (int dx = -radius; dx <= radius; dx++) {
                    int d2 = dx * dx + dy * dy + dz * dz;
                    if (d2 > r2 || !labels.contains(x + dx, y + dy, z + dz)) {
                        continue;
                    }
                    int l = (int) labels.get(x + dx, y + dy, z + dz);
                    if (l != 0) {
                        counts.merge(l, 1, Integer::sum);
                        nearest.merge(l, d2, Math::min);
                    }
                }
            }
        }
        int best = 0;
        for (var e : counts.entrySet()) {
            int l = e.getKey();
            if (best == 0 || e.getValue() > counts.get(best)
                    || (e.getValue().equals(counts.get(best)) && nearest.get(l) < nearest.get(best))
                    || (e.getValue().equals(counts.get(best)) && nearest.get(l).equals(nearest.get(best)) && l < best)) {
                best = l;
            }
        }
        return best;
    }
}
