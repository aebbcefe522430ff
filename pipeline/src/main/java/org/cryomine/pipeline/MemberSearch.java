package org.cryomine.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.filter.GaussianFilter;
import org.cryomine.nn.TrainedAutoencoder;
import org.cryomine.segmentation.Selection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds more boxes like the selected membrane clusters' members beside them in the tomogram (beyond the paper): a
 * DoG picker keeps blob-like extrema, so a membrane gives few picks, and a selected membrane cluster may hold a
 * handful of them. Only the groups of {@link Selection.Kind#MEMBRANE} are searched: the DoG picks the particles
 * already (on a crowded quality-suite pair, searching the particle groups too found 91 particle boxes, outnumbered
 * the membrane's examples and lost the membrane).
 *
 * <p>Each search round puts candidates one step (a quarter box) away from the last round's boxes (first the
 * members) along the 26 lattice directions, moves each onto the densest voxel within {@link #SNAP_RADIUS} voxels of
 * it (the density smoothed by a Gaussian of {@link #SNAP_SIGMA} voxels), and encodes its box as the run encoded its
 * picks. A candidate is kept when its nearest cluster centre is a cluster of a searched group and lies no further
 * from that centre than the cluster's furthest member; it then counts as a member of that cluster for the weak
 * labels. Candidates closer than three quarters of a step to a selected member or to an earlier
 * candidate are skipped (a place beside a pick of an unselected cluster may hold another object). A group gains at
 * most {@link #GROWTH} times its members, and no more than it takes to reach the members of the largest group not
 * searched: on the quality suite, a membrane group of 52 members that grew by 260 boxes outweighed the globules' examples and
 * lost 0.13 of their IoU.
 *
 * <p>Works on a run of one tomogram; the tomogram is only read.
 *
 * @param rounds search rounds (at least 1)
 */
record MemberSearch(int rounds) {

    private static final Logger LOG = LoggerFactory.getLogger(MemberSearch.class);

    /** A group gains at most this many times its members. */
    static final int GROWTH = 5;

    /** Candidates move to the densest voxel within this many voxels. */
    static final int SNAP_RADIUS = 3;

    /** Gaussian smoothing (voxels) of the density the candidates move on. */
    static final double SNAP_SIGMA = 1.0;

    MemberSearch {
        if (rounds < 1) {
            throw new IllegalArgumentException("member search needs at least one round, got " + rounds);
        }
    }

    /**
     * The boxes found, in the order found.
     *
     * @param centres     box centres (x, y, z), voxels
     * @param boxes       the boxes as the autoencoder saw them
     * @param codes       their own (decodable) codes
     * @param assignments the selected cluster each was found to belong to
     */
    record Found(List<int[]> centres, List<Volume> boxes, float[][] codes, int[] assignments) {
    }

    /**
     * Searches beside the members of {@code selection}'s membrane groups.
     *
     * @param ae        the run's autoencoder
     * @param run       the mined run (one tomogram)
     * @param selection the person's selection
     * @param tomogram  the run's tomogram
     * @param box       the box edge, voxels
     */
    Found search(TrainedAutoencoder ae, MinedRun run, Selection selection, TomogramInput tomogram, int box,
                 ProgressListener progress) throws IOException {
        double[] bound = memberBounds(run, selection);
        int[] room = room(run, selection);
        List<int[]> frontier = new ArrayList<>();
        for (int i = 0; i < run.assignments().length; i++) {
            int label = selection.labelOf(run.assignments()[i]);
            if (searched(selection, label)) {
                frontier.add(run.centres().get(i));
            }
        }
        List<int[]> occupied = new ArrayList<>(frontier);
        int step = Math.max(2, box / 4);
        int spacing = Math.max(1, 3 * step / 4);
        List<int[]> centres = new ArrayList<>();
        List<Volume> boxes = new ArrayList<>();
        List<float[]> codes = new ArrayList<>();
        List<Integer> assigned = new ArrayList<>();
        for (int round = 0; round < rounds && !frontier.isEmpty(); round++) {
            progress.checkCancelled();
            List<int[]> candidates = snapped(tomogram, candidatesBeside(frontier, occupied, step, spacing, tomogram),
                    run, spacing, occupied, progress);
            if (candidates.isEmpty()) {
                break;
            }
            List<Volume> cut = tomogram.boxes(candidates, box, run.poseNormalized(), run.contrast(), progress);
            TrainedAutoencoder.Codes c = ae.encodeBoth(cut, run.codeAveraging());
            frontier = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                int nearest = CodeDistances.nearest(c.averaged()[i], run.centroids());
                int label = selection.labelOf(nearest);
                if (!searched(selection, label) || room[label - 1] == 0
                        || distance(c.averaged()[i], run.centroids()[nearest]) > bound[nearest]) {
                    continue;
                }
                room[label - 1]--;
                centres.add(candidates.get(i));
                boxes.add(cut.get(i));
                codes.add(c.own()[i]);
                assigned.add(nearest);
                frontier.add(candidates.get(i));
                LOG.debug("member search: box at {} is like cluster {}", Arrays.toString(candidates.get(i)), nearest);
            }
            LOG.info("member search round {}: {} of {} candidates like a selected cluster's members", round + 1,
                    frontier.size(), candidates.size());
        }
        int[] perGroup = new int[selection.groups().size()];
        for (int a : assigned) {
            perGroup[selection.labelOf(a) - 1]++;
        }
        List<String> counts = new ArrayList<>();
        for (int g = 0; g < perGroup.length; g++) {
            counts.add(selection.groups().get(g).name() + " " + perGroup[g]);
        }
        LOG.info("member search: {} boxes like the selected members found beside them ({})", centres.size(),
                String.join(", ", counts));
        return new Found(centres, boxes, codes.toArray(new float[0][]),
                assigned.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * How many boxes each group may gain: a searched group up to {@link #GROWTH} times its members, and no more than
     * it takes to reach the members of the largest group not searched (when there is one), so the membranes' examples
     * do not outnumber the particles'; 0 for the other groups.
     */
    static int[] room(MinedRun run, Selection selection) {
        int groups = selection.groups().size();
        int[] members = new int[groups];
        for (int a : run.assignments()) {
            int label = selection.labelOf(a);
            if (label > 0) {
                members[label - 1]++;
            }
        }
        int largestOther = -1;
        for (int g = 0; g < groups; g++) {
            if (!searched(selection, g + 1)) {
                largestOther = Math.max(largestOther, members[g]);
            }
        }
        int[] room = new int[groups];
        for (int g = 0; g < groups; g++) {
            if (searched(selection, g + 1)) {
                room[g] = GROWTH * members[g];
                if (largestOther >= 0) {
                    room[g] = Math.min(room[g], Math.max(0, largestOther - members[g]));
                }
            }
        }
        return room;
    }

    /** Whether the group of {@code label} (0: none) is searched: a membrane group. */
    private static boolean searched(Selection selection, int label) {
        return label > 0 && selection.groups().get(label - 1).kind() == Selection.Kind.MEMBRANE;
    }

    /** For each cluster, the largest distance of its members from its centre; -1 for clusters not selected. */
    static double[] memberBounds(MinedRun run, Selection selection) {
        double[] bound = new double[run.k()];
        Arrays.fill(bound, -1);
        for (int i = 0; i < run.assignments().length; i++) {
            int c = run.assignments()[i];
            if (selection.labelOf(c) > 0) {
                bound[c] = Math.max(bound[c], distance(run.clusteredCodes()[i], run.centroids()[c]));
            }
        }
        return bound;
    }

    /**
     * Lattice neighbours, {@code step} voxels away, of the frontier's boxes: inside the tomogram, at least
     * {@code spacing} voxels from occupied places and from each other.
     */
    private static List<int[]> candidatesBeside(List<int[]> frontier, List<int[]> occupied, int step, int spacing,
                                                TomogramInput tomogram) {
        List<int[]> out = new ArrayList<>();
        for (int[] f : frontier) {
            for (int dz = -1; dz <= 1; dz++) {
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        if (dx == 0 && dy == 0 && dz == 0) {
                            continue;
                        }
                        double norm = Math.sqrt(dx * dx + dy * dy + dz * dz);
                        int[] p = {f[0] + (int) Math.round(step * dx / norm), f[1] + (int) Math.round(step * dy / norm),
                                f[2] + (int) Math.round(step * dz / norm)};
                        if (inside(p, tomogram) && !near(p, occupied, spacing) && !near(p, out, spacing)) {
                            out.add(p);
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * The candidates moved onto the densest voxel near them; those that land closer than {@code spacing} voxels to
     * an occupied place or to an earlier candidate are dropped, the rest become occupied.
     */
    private static List<int[]> snapped(TomogramInput tomogram, List<int[]> candidates, MinedRun run, int spacing,
                                       List<int[]> occupied, ProgressListener progress) throws IOException {
        int edge = 2 * SNAP_RADIUS + 1 + 8 * (int) Math.ceil(SNAP_SIGMA);
        List<Volume> around = tomogram.boxes(candidates, edge, false, run.contrast(), progress);
        GaussianFilter smoothing = GaussianFilter.of(SNAP_SIGMA);
        int sign = run.contrast().sign();
        int mid = edge / 2;
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Volume v = smoothing.apply(around.get(i));
            int[] best = {0, 0, 0};
            double densest = Double.NEGATIVE_INFINITY;
            for (int dz = -SNAP_RADIUS; dz <= SNAP_RADIUS; dz++) {
                for (int dy = -SNAP_RADIUS; dy <= SNAP_RADIUS; dy++) {
                    for (int dx = -SNAP_RADIUS; dx <= SNAP_RADIUS; dx++) {
                        double value = sign * v.get(mid + dx, mid + dy, mid + dz);
                        if (dx * dx + dy * dy + dz * dz <= SNAP_RADIUS * SNAP_RADIUS && value > densest) {
                            densest = value;
                            best = new int[] {dx, dy, dz};
                        }
                    }
                }
            }
            int[] c = candidates.get(i);
            int[] p = {c[0] + best[0], c[1] + best[1], c[2] + best[2]};
            if (inside(p, tomogram) && !near(p, occupied, spacing)) {
                out.add(p);
                occupied.add(p);
            }
        }
        return out;
    }

    private static boolean inside(int[] p, TomogramInput t) {
        return p[0] >= 0 && p[1] >= 0 && p[2] >= 0 && p[0] < t.nx() && p[1] < t.ny() && p[2] < t.nz();
    }

    /** Whether {@code p} lies closer than {@code distance} voxels to any of {@code places}. */
    private static boolean near(int[] p, List<int[]> places, int distance) {
        long limit = (long) distance * distance;
        for (int[] q : places) {
            long dx = p[0] - q[0];
            long dy = p[1] - q[1];
            long dz = p[2] - q[2];
            if (dx * dx + dy * dy + dz * dz < limit) {
                return true;
            }
        }
        return false;
    }

    private static double distance(float[] a, float[] b) {
        return Math.sqrt(CodeDistances.squared(a, b));
    }
}
