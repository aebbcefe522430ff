package org.cryomine.core.metrics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.cryomine.core.Vec3;
import org.cryomine.core.pick.Peak;
import org.cryomine.core.pick.Subvolume;
import org.cryomine.core.simulate.ObjectClass;
import org.cryomine.core.simulate.SimulatedObject;

/**
 * Recall and precision of picks against a ground-truth object list. A pick and an object may be matched when
 * the pick lies within the object's hit radius of its centre (voxels); matching is one-to-one and greedy by
 * distance (the closest pair first), over all classes at once. Stateless.
 */
public final class PickingMetrics {

    private PickingMetrics() {
    }

    /** The outcome of an evaluation. */
    public record Report(int picks, Map<ObjectClass, Integer> objects, Map<ObjectClass, Integer> hits) {

        public Report {
            objects = Map.copyOf(objects);
            hits = Map.copyOf(hits);
        }

        /** Fraction of the objects of {@code cls} matched by a pick (NaN when there are none). */
        public double recall(ObjectClass cls) {
            int n = objects.getOrDefault(cls, 0);
            return n == 0 ? Double.NaN : hits.getOrDefault(cls, 0) / (double) n;
        }

        /** Fraction of the picks matched to an object of {@code cls} (NaN without picks). */
        public double precision(ObjectClass cls) {
            return picks == 0 ? Double.NaN : hits.getOrDefault(cls, 0) / (double) picks;
        }

        /** Fraction of the picks matched to any object (NaN without picks). */
        public double precision() {
            int all = hits.values().stream().mapToInt(Integer::intValue).sum();
            return picks == 0 ? Double.NaN : all / (double) picks;
        }
    }

    /** Evaluates picks (positions in voxels) with one hit radius (voxels) for every object. */
    public static Report evaluate(List<Vec3> picks, List<SimulatedObject> truth, double radius) {
        return evaluate(picks, truth, o -> radius);
    }

    /** Evaluates subvolumes by their centres. */
    public static Report evaluateSubvolumes(List<Subvolume> picks, List<SimulatedObject> truth,
                                            ToDoubleFunction<SimulatedObject> radius) {
        return evaluate(picks.stream().map(Subvolume::centre).toList(), truth, radius);
    }

    /** Evaluates peaks by their positions. */
    public static Report evaluatePeaks(List<Peak> picks, List<SimulatedObject> truth,
                                       ToDoubleFunction<SimulatedObject> radius) {
        return evaluate(picks.stream().map(Peak::position).toList(), truth, radius);
    }

    /** Evaluates picks with a hit radius (voxels) per object, e.g. half its size. */
    public static Report evaluate(List<Vec3> picks, List<SimulatedObject> truth, ToDoubleFunction<SimulatedObject> radius) {
        Objects.requireNonNull(picks, "picks");
        Objects.requireNonNull(truth, "truth");
        double cell = 1;
        double[] radii = new double[truth.size()];
        for (int i = 0; i < radii.length; i++) {
            radii[i] = radius.applyAsDouble(truth.get(i));
            if (!(radii[i] >= 0) || !Double.isFinite(radii[i])) {
                throw new IllegalArgumentException("hit radius must be a finite number of voxels >= 0, got " + radii[i]);
            }
            cell = Math.max(cell, radii[i]);
        }
        Map<Long, List<Integer>> grid = new HashMap<>();
        for (int j = 0; j < picks.size(); j++) {
            Vec3 p = picks.get(j);
            grid.computeIfAbsent(key(p, cell, 0, 0, 0), k -> new ArrayList<>()).add(j);
        }
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < truth.size(); i++) {
            Vec3 c = truth.get(i).centre();
            for (int dz = -1; dz <= 1; dz++) {
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        List<Integer> there = grid.get(key(c, cell, dx, dy, dz));
                        if (there == null) {
                            continue;
                        }
                        for (int j : there) {
                            double d = picks.get(j).distance(c);
                            if (d <= radii[i]) {
                                pairs.add(new double[] {d, i, j});
                            }
                        }
                    }
                }
            }
        }
        pairs.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0])
                : a[1] != b[1] ? Double.compare(a[1], b[1]) : Double.compare(a[2], b[2]));
        boolean[] objectUsed = new boolean[truth.size()];
        boolean[] pickUsed = new boolean[picks.size()];
        Map<ObjectClass, Integer> hits = new EnumMap<>(ObjectClass.class);
        for (double[] pr : pairs) {
            int i = (int) pr[1];
            int j = (int) pr[2];
            if (!objectUsed[i] && !pickUsed[j]) {
                objectUsed[i] = true;
                pickUsed[j] = true;
                hits.merge(truth.get(i).cls(), 1, Integer::sum);
            }
        }
        Map<ObjectClass, Integer> objects = new EnumMap<>(ObjectClass.class);
        for (SimulatedObject o : truth) {
            objects.merge(o.cls(), 1, Integer::sum);
        }
        return new Report(picks.size(), objects, hits);
    }

    private static long key(Vec3 p, double cell, int dx, int dy, int dz) {
        long cx = (long) Math.floor(p.x() / cell) + dx + (1 << 20);
        long cy = (long) Math.floor(p.y() / cell) + dy + (1 << 20);
        long cz = (long) Math.floor(p.z() / cell) + dz + (1 << 20);
        return (cz << 42) | (cy << 21) | cx;
    }
}
