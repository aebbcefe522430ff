package org.cryomine.cluster;

import org.cryomine.core.CryomineException;

/**
 * The points to cluster, validated and copied: row-major {@link #rows} (point i, dimension j at
 * {@code i * d + j}) and a blocked, transposed copy {@link #columns} in which {@code columns[b * d + j][p]} is
 * dimension j of point b*B + p (padding points are zero). The transposed copy lets distance loops run over
 * many points at once; one array per block and dimension, indexed from 0, because HotSpot C2 (JDK 17)
 * vectorises {@code acc[p] += (u[p] - a)^2 + (v[p] - b)^2} but not the same loop over one array at offsets.
 */
final class Points {

    /** Points per block of the transposed copy. */
    static final int BLOCK = 256;

    final int n;
    final int d;
    final float[] rows;
    final float[][] columns;
    final int blockCount;

    private Points(int n, int d, float[] rows) {
        this.n = n;
        this.d = d;
        this.rows = rows;
        this.blockCount = (n + BLOCK - 1) / BLOCK;
        this.columns = new float[blockCount * d][BLOCK];
        for (int i = 0; i < n; i++) {
            int b = i / BLOCK;
            int p = i % BLOCK;
            for (int j = 0; j < d; j++) {
                columns[b * d + j][p] = rows[i * d + j];
            }
        }
    }

    /** Number of real points in block b. */
    int blockSize(int b) {
        return Math.min(BLOCK, n - b * BLOCK);
    }

    /**
     * Validates and copies {@code data} (not modified).
     *
     * @throws CryomineException if data is null or empty, rows differ in length or are empty, or a value is
     *                           NaN or infinite
     */
    static Points of(float[][] data) {
        if (data == null || data.length == 0) {
            throw new CryomineException("no points to cluster: the input has no rows");
        }
        if (data[0] == null || data[0].length == 0) {
            throw new CryomineException("point 0 has no values: every point needs at least one dimension");
        }
        int n = data.length;
        int d = data[0].length;
        if ((long) n * d > Integer.MAX_VALUE / 2) {
            throw new CryomineException("too many values to cluster: " + n + " points x " + d + " dimensions");
        }
        float[] rows = new float[n * d];
        for (int i = 0; i < n; i++) {
            float[] row = data[i];
            if (row == null || row.length != d) {
                throw new CryomineException("ragged input: point " + i + " has " + (row == null ? 0 : row.length)
                        + " values but point 0 has " + d + "; every point must have the same dimension");
            }
            for (int j = 0; j < d; j++) {
                if (!Float.isFinite(row[j])) {
                    throw new CryomineException("point " + i + ", dimension " + j + " is " + row[j]
                            + ": k-means needs finite values; remove or repair that point");
                }
            }
            System.arraycopy(row, 0, rows, i * d, d);
        }
        return new Points(n, d, rows);
    }

    /** Mean over dimensions of the per-dimension variance (population), as scikit-learn's tolerance scale. */
    double meanVariance() {
        double total = 0;
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += rows[i * d + j];
            }
            mean /= n;
            double var = 0;
            for (int i = 0; i < n; i++) {
                double v = rows[i * d + j] - mean;
                var += v * v;
            }
            total += var / n;
        }
        return total / d;
    }

    /** Squared Euclidean distance between point i and the row-major vector {@code c} at offset {@code off}. */
    float distanceSquared(int i, float[] c, int off) {
        int base = i * d;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int j = 0;
        for (; j + 3 < d; j += 4) {
            float a = rows[base + j] - c[off + j];
            float b = rows[base + j + 1] - c[off + j + 1];
            float e = rows[base + j + 2] - c[off + j + 2];
            float f = rows[base + j + 3] - c[off + j + 3];
            s0 += a * a;
            s1 += b * b;
            s2 += e * e;
            s3 += f * f;
        }
        for (; j < d; j++) {
            float a = rows[base + j] - c[off + j];
            s0 += a * a;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
