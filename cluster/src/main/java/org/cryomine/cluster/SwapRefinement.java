package org.cryomine.cluster;

import java.util.Arrays;
import org.cryomine.core.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swap refinement of a converged Lloyd solution, after I-k-means-+ (H. Ismkhan, "I-k-means-+: An iterative
 * clustering algorithm based on an enhanced version of the k-means", Pattern Recognition 79, 2018).
 *
 * <p>Lloyd stops at a local minimum in which one centre may serve two groups of points while two centres
 * share one group; no single-point move repairs that. A swap removes a centre whose cluster costs least to merge
 * into another (removal cost: Ward's merge cost, n_a n_b / (n_a + n_b) |c_a - c_b|^2) and puts it into
 * the cluster that gains most from being split in two (split gain: the cluster's squared error minus that of a
 * 2-means of its points, seeded with its farthest point and the point farthest from that); the centre the
 * removed cluster merges into moves to the merged mean, so that Lloyd starts nearer its end. A trial applies
 * every swap whose split gain exceeds its removal cost at once (pairing the cheapest removals with the largest
 * gains, each cluster in at most one swap), then runs Lloyd from the new centres, and keeps the result only
 * when its inertia is lower. A trial that does not lower the inertia is retried with the first half of its
 * swaps; refinement stops when no swap promises a gain, when a single swap fails, or after the trial budget.
 * The result is again a converged Lloyd result (by the same stopping rule), with inertia never above the
 * start's.
 *
 * <p>All sums are taken in a fixed order of blocks and clusters, so the result does not depend on the number
 * of threads.
 */
final class SwapRefinement {

    private static final Logger LOG = LoggerFactory.getLogger(SwapRefinement.class);

    /** 2-means iterations per split at most. */
    private static final int SPLIT_ITERATIONS = 5;

    private final Points x;
    private final int k;
    private final int d;
    private final ChunkExecutor exec;
    /** Per cluster, the two centres of its 2-means split (row-major 2 x d), from the last {@link #candidates}. */
    private float[][] halves;
    /** Per cluster, its size and the cluster it costs least to merge into (-1: none), from the last candidates. */
    private int[] sizes;
    private final int[] partner;

    private SwapRefinement(Points x, int k, ChunkExecutor exec) {
        this.x = x;
        this.k = k;
        this.d = x.d;
        this.exec = exec;
        this.partner = new int[k];
    }

    /**
     * Refines {@code start} (a converged Lloyd result; not modified) with at most {@code trials} Lloyd runs.
     *
     * @param tolerance absolute tolerance of the Lloyd runs, as in {@link HamerlyLloyd#run}
     * @return the best result found ({@code start} itself when {@code trials} is 0; start's centres and labels when
     *         no swap lowered the inertia); its iteration count is the start's plus those of every Lloyd run of the
     *         refinement, kept or not
     */
    static HamerlyLloyd.Result refine(Points x, HamerlyLloyd.Result start, int trials, int maxIterations,
                                      double tolerance, ChunkExecutor exec, ProgressListener listener) {
        int k = start.centres().length / x.d;
        if (trials == 0 || k < 2 || x.n <= k) {
            return start;
        }
        return new SwapRefinement(x, k, exec).run(start, trials, maxIterations, tolerance, listener);
    }

    private HamerlyLloyd.Result run(HamerlyLloyd.Result start, int trials, int maxIterations, double tolerance,
                                    ProgressListener listener) {
        HamerlyLloyd.Result best = start;
        int iterations = start.iterations();
        int done = 0;
        int accepted = 0;
        ProgressListener cancelOnly = new ProgressListener() {
            @Override
            public void onProgress(String stage, long unitsDone, long total) {
            }

            @Override
            public boolean isCancelled() {
                return listener.isCancelled();
            }
        };
        listener.onProgress("k-means swaps", 0, trials);
        listener.checkCancelled();
        int[][] swaps = candidates(best);
        int count = swaps.length;
        while (done < trials && count > 0) {
            listener.checkCancelled();
            float[] centres = best.centres().clone();
            for (int s = 0; s < count; s++) {
                int[] swap = swaps[s];
                int into = swap[2];
                if (into >= 0) {
                    int na = sizes[swap[0]];
                    int nb = sizes[into];
                    for (int j = 0; j < d; j++) {
                        centres[into * d + j] = (float) (((double) na * centres[swap[0] * d + j]
                                + (double) nb * centres[into * d + j]) / (na + nb));
                    }
                }
                System.arraycopy(halves[swap[1]], 0, centres, swap[0] * d, d);
                System.arraycopy(halves[swap[1]], d, centres, swap[1] * d, d);
            }
            HamerlyLloyd.Result next = HamerlyLloyd.run(x, centres, maxIterations, tolerance, exec, cancelOnly);
            done++;
            iterations += next.iterations();
            listener.onProgress("k-means swaps", done, trials);
            LOG.debug("k-means swap trial {}: {} swap(s), inertia {} -> {}", done, count, best.inertia(),
                    next.inertia());
            if (next.inertia() < best.inertia()) {
                best = next;
                accepted++;
                if (done < trials) {
                    swaps = candidates(best);
                    count = swaps.length;
                }
            } else {
                count = count == 1 ? 0 : count / 2;
            }
        }
        LOG.debug("k-means swaps: {} trial(s), {} accepted, inertia {} -> {}", done, accepted, start.inertia(),
                best.inertia());
        return new HamerlyLloyd.Result(best.centres(), best.labels(), best.inertia(), iterations, best.converged());
    }

    /**
     * The swaps that promise a gain, best first: {removed cluster, split cluster, cluster the removed one merges
     * into or -1}, no cluster in two swaps. Also fills {@link #halves} and {@link #sizes}.
     */
    private int[][] candidates(HamerlyLloyd.Result r) {
        float[] centres = r.centres();
        int[] labels = r.labels();
        double[] gain = new double[k];
        halves = new float[k][2 * d];
        int[] start = new int[k + 1];
        for (int l : labels) {
            start[l + 1]++;
        }
        sizes = Arrays.copyOfRange(start, 1, k + 1);
        double[] removal = removalCosts(centres, sizes, partner);
        for (int c = 0; c < k; c++) {
            start[c + 1] += start[c];
        }
        int[] members = new int[x.n];
        int[] fill = Arrays.copyOf(start, k);
        for (int i = 0; i < x.n; i++) {
            members[fill[labels[i]]++] = i;
        }
        exec.forEach(k, c -> gain[c] = split(members, start[c], start[c + 1], halves[c]));

        Integer[] byRemoval = new Integer[k];
        Integer[] byGain = new Integer[k];
        for (int c = 0; c < k; c++) {
            byRemoval[c] = c;
            byGain[c] = c;
        }
        Arrays.sort(byRemoval, (a, b) -> removal[a] != removal[b] ? Double.compare(removal[a], removal[b])
                : Integer.compare(a, b));
        Arrays.sort(byGain, (a, b) -> gain[a] != gain[b] ? Double.compare(gain[b], gain[a]) : Integer.compare(a, b));
        boolean[] used = new boolean[k];
        int[][] swaps = new int[k / 2][];
        int count = 0;
        int g = 0;
        for (int q = 0; q < k; q++) {
            int removed = byRemoval[q];
            int into = partner[removed];
            if (used[removed] || into >= 0 && used[into]) {
                continue;
            }
            while (g < k && (used[byGain[g]] || byGain[g] == removed)) {
                g++;
            }
            if (g == k || gain[byGain[g]] <= removal[removed]) {
                break;
            }
            int split = byGain[g];
            if (split == into) {
                continue;
            }
            g++;
            used[removed] = true;
            used[split] = true;
            if (into >= 0) {
                used[into] = true;
            }
            swaps[count++] = new int[] {removed, split, into};
        }
        return Arrays.copyOf(swaps, count);
    }

    /**
     * removal[c] = the least increase of the squared error from merging cluster c into another cluster c'
     * (Ward's cost: n_c n_c' / (n_c + n_c') |centre_c - centre_c'|^2, with the centres taken as the means), and
     * partner[c] = that c'; 0 and -1 for an empty cluster.
     */
    private double[] removalCosts(float[] centres, int[] sizes, int[] partner) {
        double[] removal = new double[k];
        Arrays.fill(removal, Double.POSITIVE_INFINITY);
        Arrays.fill(partner, -1);
        for (int a = 0; a < k; a++) {
            if (sizes[a] == 0) {
                removal[a] = 0;
                continue;
            }
            for (int b = a + 1; b < k; b++) {
                if (sizes[b] == 0) {
                    continue;
                }
                double cost = (double) sizes[a] * sizes[b] / (sizes[a] + sizes[b])
                        * distance(centres, a, centres, b * d);
                if (cost < removal[a]) {
                    removal[a] = cost;
                    partner[a] = b;
                }
                if (cost < removal[b]) {
                    removal[b] = cost;
                    partner[b] = a;
                }
            }
        }
        return removal;
    }

    /**
     * 2-means of the points members[from..to): writes the two centres into {@code out} (2 x d) and returns the
     * decrease of the squared error from one centre (the mean) to two; 0 for fewer than two distinct points.
     */
    private double split(int[] members, int from, int to, float[] out) {
        int m = to - from;
        if (m < 2) {
            return 0;
        }
        float[] rows = new float[m * d];
        double[] mean = new double[d];
        for (int q = 0; q < m; q++) {
            System.arraycopy(x.rows, members[from + q] * d, rows, q * d, d);
            for (int j = 0; j < d; j++) {
                mean[j] += rows[q * d + j];
            }
        }
        float[] centre = new float[d];
        for (int j = 0; j < d; j++) {
            centre[j] = (float) (mean[j] / m);
        }
        double before = 0;
        int far = 0;
        double farthest = -1;
        for (int q = 0; q < m; q++) {
            double v = distance(rows, q, centre, 0);
            before += v;
            if (v > farthest) {
                farthest = v;
                far = q;
            }
        }
        System.arraycopy(rows, far * d, out, 0, d);
        farthest = -1;
        far = 0;
        for (int q = 0; q < m; q++) {
            double v = distance(rows, q, out, 0);
            if (v > farthest) {
                farthest = v;
                far = q;
            }
        }
        if (farthest <= 0) {
            return 0;
        }
        System.arraycopy(rows, far * d, out, d, d);
        boolean[] side = new boolean[m];
        double[] sums = new double[2 * d];
        for (int it = 0; it < SPLIT_ITERATIONS; it++) {
            boolean changed = it == 0;
            Arrays.fill(sums, 0);
            int ones = 0;
            for (int q = 0; q < m; q++) {
                boolean one = distance(rows, q, out, d) < distance(rows, q, out, 0);
                changed |= one != side[q];
                side[q] = one;
                int o = one ? d : 0;
                ones += one ? 1 : 0;
                for (int j = 0; j < d; j++) {
                    sums[o + j] += rows[q * d + j];
                }
            }
            if (!changed || ones == 0 || ones == m) {
                break;
            }
            for (int j = 0; j < d; j++) {
                out[j] = (float) (sums[j] / (m - ones));
                out[d + j] = (float) (sums[d + j] / ones);
            }
        }
        double after = 0;
        for (int q = 0; q < m; q++) {
            after += Math.min(distance(rows, q, out, 0), distance(rows, q, out, d));
        }
        return before - after;
    }

    /** Squared distance, in double, from row {@code q} of {@code rows} (d values each) to {@code c[off ..]}. */
    private double distance(float[] rows, int q, float[] c, int off) {
        double s = 0;
        int base = q * d;
        for (int j = 0; j < d; j++) {
            double v = (double) rows[base + j] - c[off + j];
            s += v * v;
        }
        return s;
    }
}
