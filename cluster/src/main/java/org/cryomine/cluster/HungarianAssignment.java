package org.cryomine.cluster;

import java.util.Arrays;

/**
 * Minimum-cost assignment (the Hungarian method with potentials, O(r^2 c) for r rows and c columns, after
 * Kuhn 1955 and Munkres 1957, in the shortest-augmenting-path form of Jonker and Volgenant).
 */
public final class HungarianAssignment {

    private HungarianAssignment() {
    }

    /**
     * Assigns rows to columns so that the total cost is minimal; each row gets a different column when there are
     * at least as many columns as rows, otherwise each column gets a different row and the remaining rows none.
     *
     * @param cost cost[row][column], rectangular, finite; not modified
     * @return for each row its column, or -1 for a row left without a column (only when rows &gt; columns)
     * @throws IllegalArgumentException if cost is empty, ragged, or holds a NaN or infinite value
     */
    public static int[] solve(double[][] cost) {
        if (cost == null || cost.length == 0 || cost[0] == null || cost[0].length == 0) {
            throw new IllegalArgumentException("the cost matrix is empty");
        }
        int rows = cost.length;
        int cols = cost[0].length;
        for (int r = 0; r < rows; r++) {
            if (cost[r] == null || cost[r].length != cols) {
                throw new IllegalArgumentException("the cost matrix is ragged: row " + r + " differs in length from row 0");
            }
            for (int c = 0; c < cols; c++) {
                if (!Double.isFinite(cost[r][c])) {
                    throw new IllegalArgumentException("cost[" + r + "][" + c + "] is " + cost[r][c]);
                }
            }
        }
        if (rows <= cols) {
            return solveWide(cost, rows, cols, false);
        }
        int[] colToRow = solveWide(cost, cols, rows, true);
        int[] rowToCol = new int[rows];
        Arrays.fill(rowToCol, -1);
        for (int c = 0; c < cols; c++) {
            rowToCol[colToRow[c]] = c;
        }
        return rowToCol;
    }

    /** n &le; m; when transposed, entry (i, j) is cost[j][i]. Returns for each of the n rows its column. */
    private static int[] solveWide(double[][] cost, int n, int m, boolean transposed) {
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] p = new int[m + 1];
        int[] way = new int[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[m + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[m + 1];
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double c = transposed ? cost[j - 1][i0 - 1] : cost[i0 - 1][j - 1];
                        double cur = c - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] result = new int[n];
        for (int j = 1; j <= m; j++) {
            if (p[j] != 0) {
                result[p[j] - 1] = j - 1;
            }
        }
        return result;
    }
}
