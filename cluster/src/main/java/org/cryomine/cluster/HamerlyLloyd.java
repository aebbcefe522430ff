package org.cryomine.cluster;

import java.util.Arrays;
import org.cryomine.core.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lloyd's k-means iterations accelerated with Hamerly's bounds (G. Hamerly, "Making k-means even faster",
 * SDM 2010): each point keeps an upper bound on the distance to its centre and a lower bound on the distance
 * to the second-closest centre, and is only compared with all centres when the bounds cannot rule out a change.
 * The assignments are those of plain Lloyd; the stopping rule is scikit-learn's {@code lloyd}: stop when no
 * label changed, or when the sum of squared centre shifts is at most the tolerance; then a last assignment
 * step makes the labels agree with the final centres. Empty clusters are re-seeded with the points farthest
 * from their centres, as scikit-learn does.
 */
final class HamerlyLloyd {

    private static final Logger LOG = LoggerFactory.getLogger(HamerlyLloyd.class);

    /** Points per unit of parallel work; a multiple of {@link Points#BLOCK}; fixed for determinism. */
    static final int UNIT = 2048;

    /** The outcome of one run: row-major centres (k x d), labels, inertia and iterations. */
    record Result(float[] centres, int[] labels, double inertia, int iterations, boolean converged) {
    }

    private final Points x;
    private final int k;
    private final int d;
    private final int units;
    private final ChunkExecutor exec;
    private final float[] centres;
    /** centreColumns[j][c]: dimension j of centre c. */
    private final float[][] centreColumns;
    private final int[] labels;
    private final double[] upper;
    private final double[] lower;
    private final double[] halfSeparation;
    private final double[] move;
    private final double[][] unitSums;
    private final int[][] unitCounts;
    private final int[] unitChanged;
    private int maxMoveIndex = -1;
    private double maxMove;
    private double secondMaxMove;

    private HamerlyLloyd(Points x, float[] init, ChunkExecutor exec) {
        this.x = x;
        this.d = x.d;
        this.k = init.length / d;
        this.exec = exec;
        this.units = (x.n + UNIT - 1) / UNIT;
        this.centres = init.clone();
        this.centreColumns = new float[d][k];
        this.labels = new int[x.n];
        Arrays.fill(labels, -1);
        this.upper = new double[x.n];
        this.lower = new double[x.n];
        this.halfSeparation = new double[k];
        this.move = new double[k];
        this.unitSums = new double[units][k * d];
        this.unitCounts = new int[units][k];
        this.unitChanged = new int[units];
        transposeCentres();
    }

    /**
     * Runs Lloyd from the given centres (row-major k x d, not modified).
     *
     * @param tolerance absolute tolerance on the sum of squared centre shifts
     */
    static Result run(Points x, float[] init, int maxIterations, double tolerance, ChunkExecutor exec,
                      ProgressListener listener) {
        return new HamerlyLloyd(x, init, exec).iterate(maxIterations, tolerance, listener);
    }

    private Result iterate(int maxIterations, double tolerance, ProgressListener listener) {
        boolean strict = false;
        boolean converged = false;
        int iterations = 0;
        for (int it = 0; it < maxIterations; it++) {
            listener.checkCancelled();
            computeHalfSeparation();
            int changed = assign(it == 0, true);
            double[] sums = new double[k * d];
            int[] counts = new int[k];
            for (int u = 0; u < units; u++) {
                double[] us = unitSums[u];
                for (int q = 0; q < us.length; q++) {
                    sums[q] += us[q];
                }
                for (int c = 0; c < k; c++) {
                    counts[c] += unitCounts[u][c];
                }
            }
            boolean relocated = relocateEmpty(sums, counts);
            double shift = updateCentres(sums, counts);
            iterations = it + 1;
            listener.onProgress("k-means", iterations, maxIterations);
            if (it > 0 && changed == 0 && !relocated) {
                strict = true;
                converged = true;
                break;
            }
            if (shift <= tolerance) {
                converged = true;
                break;
            }
        }
        if (!strict) {
            computeHalfSeparation();
            assign(false, false);
        }
        LOG.debug("k-means: {} iterations, converged {}", iterations, converged);
        return new Result(centres.clone(), labels.clone(), inertia(), iterations, converged);
    }

    private void transposeCentres() {
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                centreColumns[j][c] = centres[c * d + j];
            }
        }
    }

    /** halfSeparation[c] = half the distance from centre c to the nearest other centre. */
    private void computeHalfSeparation() {
        Arrays.fill(halfSeparation, Double.POSITIVE_INFINITY);
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double v = (double) centres[a * d + j] - centres[b * d + j];
                    s += v * v;
                }
                double half = 0.5 * Math.sqrt(s);
                halfSeparation[a] = Math.min(halfSeparation[a], half);
                halfSeparation[b] = Math.min(halfSeparation[b], half);
            }
        }
    }

    /** One assignment step over all points; returns how many labels changed. Accumulates sums if asked. */
    private int assign(boolean full, boolean accumulate) {
        exec.forEach(units, u -> {
            float[] acc = new float[k];
            double[] sums = unitSums[u];
            int[] counts = unitCounts[u];
            if (accumulate) {
                Arrays.fill(sums, 0);
                Arrays.fill(counts, 0);
            }
            int changed = 0;
            int end = Math.min(x.n, (u + 1) * UNIT);
            for (int i = u * UNIT; i < end; i++) {
                int old = labels[i];
                int a = full ? scan(i, acc) : bounded(i, old, acc);
                if (a != old) {
                    changed++;
                    labels[i] = a;
                }
                if (accumulate) {
                    counts[a]++;
                    int src = i * d;
                    int dst = a * d;
                    for (int j = 0; j < d; j++) {
                        sums[dst + j] += x.rows[src + j];
                    }
                }
            }
            unitChanged[u] = changed;
        });
        int changed = 0;
        for (int c : unitChanged) {
            changed += c;
        }
        return changed;
    }

    private int bounded(int i, int a, float[] acc) {
        double u = upper[i] + move[a];
        double l = lower[i] - (a == maxMoveIndex ? secondMaxMove : maxMove);
        double m = Math.max(halfSeparation[a], l);
        lower[i] = l;
        if (u <= m) {
            upper[i] = u;
            return a;
        }
        u = Math.sqrt(x.distanceSquared(i, centres, a * d));
        upper[i] = u;
        if (u <= m) {
            return a;
        }
        return scan(i, acc);
    }

    /** Compares point i with every centre; sets its bounds and returns the nearest centre (lowest index on ties). */
    private int scan(int i, float[] acc) {
        BlockDistances.toCentres(x.rows, i * d, centreColumns, acc);
        int best = 0;
        float d1 = acc[0];
        float d2 = Float.POSITIVE_INFINITY;
        for (int c = 1; c < k; c++) {
            float v = acc[c];
            if (v < d1) {
                d2 = d1;
                d1 = v;
                best = c;
            } else if (v < d2) {
                d2 = v;
            }
        }
        upper[i] = Math.sqrt(d1);
        lower[i] = Math.sqrt(d2);
        return best;
    }

    /**
     * Moves each empty cluster onto one of the points farthest from their (current) centres, taking the point
     * out of its cluster's sums. Returns whether anything moved.
     */
    private boolean relocateEmpty(double[] sums, int[] counts) {
        int empty = 0;
        for (int c : counts) {
            if (c == 0) {
                empty++;
            }
        }
        if (empty == 0) {
            return false;
        }
        double[] dist = new double[x.n];
        Integer[] order = new Integer[x.n];
        for (int i = 0; i < x.n; i++) {
            dist[i] = x.distanceSquared(i, centres, labels[i] * d);
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> p.equals(q) ? 0
                : dist[p] != dist[q] ? Double.compare(dist[q], dist[p]) : Integer.compare(p, q));
        int next = 0;
        boolean moved = false;
        for (int e = 0; e < k; e++) {
            if (counts[e] != 0) {
                continue;
            }
            while (next < x.n && counts[labels[order[next]]] <= 1) {
                next++;
            }
            if (next == x.n) {
                break;
            }
            int p = order[next++];
            int old = labels[p];
            for (int j = 0; j < d; j++) {
                sums[old * d + j] -= x.rows[p * d + j];
                sums[e * d + j] = x.rows[p * d + j];
            }
            counts[old]--;
            counts[e] = 1;
            moved = true;
        }
        LOG.debug("k-means: re-seeded {} empty cluster(s)", empty);
        return moved;
    }

    /** Replaces the centres by the means, records each centre's move; returns the sum of squared moves. */
    private double updateCentres(double[] sums, int[] counts) {
        double total = 0;
        maxMoveIndex = -1;
        maxMove = 0;
        secondMaxMove = 0;
        for (int c = 0; c < k; c++) {
            double s = 0;
            if (counts[c] > 0) {
                for (int j = 0; j < d; j++) {
                    float v = (float) (sums[c * d + j] / counts[c]);
                    double diff = (double) v - centres[c * d + j];
                    s += diff * diff;
                    centres[c * d + j] = v;
                }
            }
            total += s;
            move[c] = Math.sqrt(s);
            if (move[c] > maxMove) {
                secondMaxMove = maxMove;
                maxMove = move[c];
                maxMoveIndex = c;
            } else if (move[c] > secondMaxMove) {
                secondMaxMove = move[c];
            }
        }
        transposeCentres();
        return total;
    }

    /** Sum of squared distances of the points to their centres, in double precision, summed in unit order. */
    private double inertia() {
        double[] partial = new double[units];
        exec.forEach(units, u -> {
            double s = 0;
            int end = Math.min(x.n, (u + 1) * UNIT);
            for (int i = u * UNIT; i < end; i++) {
                int a = labels[i] * d;
                for (int j = 0; j < d; j++) {
                    double v = (double) x.rows[i * d + j] - centres[a + j];
                    s += v * v;
                }
            }
            partial[u] = s;
        });
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total;
    }
}
