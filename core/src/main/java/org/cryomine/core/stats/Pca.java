package org.cryomine.core.stats;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Principal component analysis by randomized subspace iteration (Halko, Martinsson and Tropp, SIAM Review
 * 2011, algorithm 4.4): exact to rounding for data whose rank is at most the number of components asked,
 * and close to the leading components otherwise. It costs O(n d k) and never forms a d x d matrix, so it
 * serves both for 32-d codes and for raw 32^3 subvolumes (d = 32768).
 *
 * @param components   number of components to keep, at least 1
 * @param oversampling extra random directions (default 10)
 * @param powerIterations subspace iterations (default 4); more sharpen slowly decaying spectra
 * @param seed         seed of the random projection
 */
public record Pca(int components, int oversampling, int powerIterations, long seed) {

    public Pca {
        if (components < 1) {
            throw new IllegalArgumentException("PCA needs at least 1 component, got " + components);
        }
        if (oversampling < 0 || powerIterations < 0) {
            throw new IllegalArgumentException("oversampling and power iterations must not be negative");
        }
    }

    /** {@code components} components, oversampling 10, 4 power iterations. */
    public static Pca of(int components, long seed) {
        return new Pca(components, 10, 4, seed);
    }

    /**
     * Fits the components to the rows of {@code data} (n rows of d values; not modified).
     *
     * @throws IllegalArgumentException for empty or ragged data, non-finite values, or more components
     *                                  than min(n, d)
     */
    public PcaModel fit(float[][] data) {
        int n = data.length;
        if (n == 0) {
            throw new IllegalArgumentException("PCA of no rows: give at least one row");
        }
        int d = data[0].length;
        if (components > Math.min(n, d)) {
            throw new IllegalArgumentException("cannot keep " + components + " components of " + n + " rows of "
                    + d + " values; at most " + Math.min(n, d));
        }
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            if (data[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + data[i].length + " values, row 0 has " + d);
            }
            for (int j = 0; j < d; j++) {
                float v = data[i][j];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("row " + i + " holds a non-finite value at " + j);
                }
                mean[j] += v;
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x.unsafe_set(i, j, data[i][j] - mean[j]);
            }
        }
        int l = Math.min(components + oversampling, Math.min(n, d));
        DMatrixRMaj omega = new DMatrixRMaj(d, l);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < omega.data.length; i++) {
            omega.data[i] = random.nextDouble() * 2 - 1;
        }
        DMatrixRMaj y = new DMatrixRMaj(n, l);
        CommonOps_DDRM.mult(x, omega, y);
        DMatrixRMaj q = orthonormal(y);
        DMatrixRMaj z = new DMatrixRMaj(d, l);
        for (int it = 0; it < powerIterations; it++) {
            CommonOps_DDRM.multTransA(x, q, z);
            DMatrixRMaj qz = orthonormal(z);
            CommonOps_DDRM.mult(x, qz, y);
            q = orthonormal(y);
        }
        // B = Q^T X (l x d); its SVD gives the right singular vectors of X.
        DMatrixRMaj b = new DMatrixRMaj(q.numCols, d);
        CommonOps_DDRM.multTransA(q, x, b);
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(b.numRows, b.numCols, false, true, true);
        if (!svd.decompose(b)) {
            throw new IllegalStateException("SVD did not converge");
        }
        double[] s = svd.getSingularValues();
        DMatrixRMaj vt = svd.getV(null, true);
        Integer[] order = new Integer[s.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, c) -> Double.compare(s[c], s[a]));
        double[][] comps = new double[components][d];
        double[] variance = new double[components];
        for (int c = 0; c < components; c++) {
            int k = order[c];
            double sign = 0;
            for (int j = 0; j < d; j++) {
                comps[c][j] = vt.get(k, j);
                if (sign == 0 && Math.abs(comps[c][j]) > 1e-12) {
                    sign = Math.signum(comps[c][j]);
                }
            }
            // Deterministic sign: the first non-zero loading is positive.
            for (int j = 0; j < d; j++) {
                comps[c][j] *= sign == 0 ? 1 : sign;
            }
            variance[c] = s[k] * s[k] / Math.max(n - 1, 1);
        }
        return new PcaModel(mean, comps, variance);
    }

    /**
     * An orthonormal basis of the columns of {@code a} by modified Gram-Schmidt, applied twice for
     * stability. A column that is (numerically) in the span of the previous ones, as happens for
     * rank-deficient data, is replaced by a seeded random direction, so the result always has
     * {@code a.numCols} orthonormal columns.
     */
    private DMatrixRMaj orthonormal(DMatrixRMaj a) {
        int rows = a.numRows;
        int cols = a.numCols;
        double[][] q = new double[cols][rows];
        SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        for (int c = 0; c < cols; c++) {
            double[] v = q[c];
            for (int r = 0; r < rows; r++) {
                v[r] = a.unsafe_get(r, c);
            }
            double original = norm(v);
            for (int attempt = 0; ; attempt++) {
                for (int pass = 0; pass < 2; pass++) {
                    for (int p = 0; p < c; p++) {
                        double dot = 0;
                        for (int r = 0; r < rows; r++) {
                            dot += q[p][r] * v[r];
                        }
                        for (int r = 0; r < rows; r++) {
                            v[r] -= dot * q[p][r];
                        }
                    }
                }
                double n = norm(v);
                if (n > 1e-10 * Math.max(original, 1e-300) && n > 1e-300) {
                    for (int r = 0; r < rows; r++) {
                        v[r] /= n;
                    }
                    break;
                }
                if (attempt > 8) {
                    throw new IllegalStateException("cannot complete an orthonormal basis of " + cols + " vectors in "
                            + rows + " dimensions");
                }
                for (int r = 0; r < rows; r++) {
                    v[r] = random.nextDouble() * 2 - 1;
                }
                original = norm(v);
            }
        }
        DMatrixRMaj out = new DMatrixRMaj(rows, cols);
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                out.unsafe_set(r, c, q[c][r]);
            }
        }
        return out;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
