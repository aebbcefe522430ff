package org.cryomine.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PcaTest {

    /** Rows of 50 values spread along two known orthogonal directions (sd 10 and 3) plus small noise. */
    private static float[][] planeData(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] rows = new float[n][50];
        for (int i = 0; i < n; i++) {
            double a = 10 * (r.nextDouble() * 2 - 1) * Math.sqrt(3);
            double b = 3 * (r.nextDouble() * 2 - 1) * Math.sqrt(3);
            for (int j = 0; j < 50; j++) {
                double u = j < 25 ? 1 / Math.sqrt(25) : 0;                        // first 25 coordinates
                double v = j < 25 ? 0 : (j % 2 == 0 ? 1 : -1) / Math.sqrt(25);   // orthogonal: last 25
                rows[i][j] = (float) (5 + a * u + b * v + 0.01 * (r.nextDouble() - 0.5));
            }
        }
        return rows;
    }

    @Test
    void recoversTheLeadingDirectionAndVarianceOfKnownData() {
        float[][] rows = planeData(400, 1);
        PcaModel m = Pca.of(2, 7).fit(rows);
        double[] c0 = m.component(0);
        // the leading direction is the first 25 coordinates (sd 10 beats sd 3)
        double onFirst = 0;
        for (int j = 0; j < 25; j++) {
            onFirst += c0[j] * c0[j];
        }
        assertThat(onFirst).isGreaterThan(0.95);
        assertThat(m.variances()[0]).isBetween(80.0, 120.0);
        assertThat(m.variances()[1]).isBetween(6.0, 12.0);
    }

    @Test
    void matchesExactEigenvectorsOfTheCovariance() {
        // Compare against the full symmetric eigendecomposition computed with EJML directly.
        SplittableRandom r = new SplittableRandom(3);
        float[][] rows = new float[120][8];
        for (float[] row : rows) {
            for (int j = 0; j < 8; j++) {
                row[j] = (float) ((j + 1) * r.nextGaussian());
            }
        }
        PcaModel m = new Pca(3, 5, 6, 11).fit(rows);
        org.ejml.data.DMatrixRMaj cov = new org.ejml.data.DMatrixRMaj(8, 8);
        double[] mean = new double[8];
        for (float[] row : rows) {
            for (int j = 0; j < 8; j++) {
                mean[j] += row[j] / 120.0;
            }
        }
        for (float[] row : rows) {
            for (int a = 0; a < 8; a++) {
                for (int b = 0; b < 8; b++) {
                    cov.add(a, b, (row[a] - mean[a]) * (row[b] - mean[b]) / 119.0);
                }
            }
        }
        var eig = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(8, true, true);
        assertThat(eig.decompose(cov)).isTrue();
        double[] values = new double[8];
        for (int i = 0; i < 8; i++) {
            values[i] = eig.getEigenvalue(i).real;
        }
        java.util.Arrays.sort(values);
        assertThat(m.variances()[0]).isCloseTo(values[7], org.assertj.core.data.Percentage.withPercentage(1e-6));
        assertThat(m.variances()[1]).isCloseTo(values[6], org.assertj.core.data.Percentage.withPercentage(1e-6));
    }

    @Test
    void transformCentresAndProjects() {
        float[][] rows = {{1, 1}, {3, 3}, {5, 5}};
        PcaModel m = Pca.of(1, 1).fit(rows);
        float[][] t = m.transform(rows);
        assertThat(t[1][0]).isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(Math.abs(t[0][0])).isCloseTo((float) Math.sqrt(8), org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(Pca.of(1, 1).fit(rows).component(0)).isEqualTo(m.component(0));
    }

    @Test
    void badInputIsExplained() {
        assertThatThrownBy(() -> Pca.of(1, 1).fit(new float[0][])).hasMessageContaining("no rows");
        assertThatThrownBy(() -> Pca.of(3, 1).fit(new float[][] {{1, 2}, {3, 4}})).hasMessageContaining("at most 2");
        assertThatThrownBy(() -> Pca.of(1, 1).fit(new float[][] {{1, 2}, {3}})).hasMessageContaining("row 1 has 1");
        assertThatThrownBy(() -> Pca.of(1, 1).fit(new float[][] {{1, Float.NaN}, {3, 4}})).hasMessageContaining("non-finite");
    }
}
