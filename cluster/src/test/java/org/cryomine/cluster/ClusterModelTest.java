package org.cryomine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClusterModelTest {

    @Test
    void matchFindsThePermutationBack() {
        Blobs blobs = new Blobs(7, 40, 4, 8, 23);
        ClusterModel model = KMeansClusterer.of(7).withSeed(1).fit(blobs.points);
        int[] perm = {3, 0, 6, 1, 5, 2, 4};
        ClusterModel permuted = model.renumbered(perm);
        assertThat(model.match(permuted)).containsExactly(perm);
        ClusterModel back = permuted.alignedTo(model);
        assertThat(back.assignments()).isEqualTo(model.assignments());
        assertThat(back.centroids()).isDeepEqualTo(model.centroids());
    }

    @Test
    void matchAlignsModelsFittedWithDifferentSeedsAndData() {
        Blobs blobs = new Blobs(6, 100, 3, 10, 29);
        Blobs other = new Blobs(6, 80, 3, 10, 29);  // same centres (same seed), other points
        ClusterModel a = KMeansClusterer.of(6).withSeed(1).fit(blobs.points);
        ClusterModel b = KMeansClusterer.of(6).withSeed(2).fit(other.points);
        ClusterModel aligned = b.alignedTo(a);
        for (int i = 0; i < other.points.length; i++) {
            assertThat(aligned.assignment(i)).isEqualTo(a.predict(other.points[i]));
        }
    }

    @Test
    void matchOfModelsWithDifferentK() {
        Blobs blobs = new Blobs(4, 50, 2, 10, 31);
        ClusterModel four = KMeansClusterer.of(4).fit(blobs.points);
        ClusterModel three = KMeansClusterer.of(3).fit(blobs.points);
        int[] m = four.match(three);
        assertThat(m).hasSize(4).containsOnlyOnce(-1, 0, 1, 2);
        assertThat(three.match(four)).hasSize(3).doesNotHaveDuplicates().doesNotContain(-1);
        assertThatThrownBy(() -> four.alignedTo(three)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use match()");
    }

    @Test
    void hungarianAgreesWithBruteForce() {
        Random random = new Random(37);
        for (int trial = 0; trial < 50; trial++) {
            int rows = 1 + random.nextInt(6);
            int cols = 1 + random.nextInt(6);
            double[][] cost = new double[rows][cols];
            for (double[] row : cost) {
                for (int c = 0; c < cols; c++) {
                    row[c] = random.nextInt(20) - 5;
                }
            }
            int[] assignment = HungarianAssignment.solve(cost);
            assertThat(total(cost, assignment)).isEqualTo(bruteForce(cost, 0, new boolean[cols]));
            assertThat(java.util.Arrays.stream(assignment).filter(c -> c >= 0).count()).isEqualTo(Math.min(rows, cols));
            assertThat(java.util.Arrays.stream(assignment).filter(c -> c >= 0).distinct().count())
                    .isEqualTo(Math.min(rows, cols));
        }
        assertThatThrownBy(() -> HungarianAssignment.solve(new double[][] {{1, Double.NaN}}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double total(double[][] cost, int[] assignment) {
        double t = 0;
        for (int r = 0; r < cost.length; r++) {
            if (assignment[r] >= 0) {
                t += cost[r][assignment[r]];
            }
        }
        return t;
    }

    /** Minimal cost with every row assigned (rows &le; cols) or every column used (rows &gt; cols). */
    private static double bruteForce(double[][] cost, int row, boolean[] used) {
        int rows = cost.length;
        int cols = used.length;
        if (row == rows) {
            return 0;
        }
        int free = 0;
        for (boolean u : used) {
            free += u ? 0 : 1;
        }
        double best = Double.POSITIVE_INFINITY;
        if (rows - row > free) {
            best = bruteForce(cost, row + 1, used);  // this row may stay unassigned
        }
        for (int c = 0; c < cols; c++) {
            if (!used[c]) {
                used[c] = true;
                best = Math.min(best, cost[row][c] + bruteForce(cost, row + 1, used));
                used[c] = false;
            }
        }
        return best;
    }
}
