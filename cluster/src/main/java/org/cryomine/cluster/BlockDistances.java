package org.cryomine.cluster;

/**
 * Squared Euclidean distances in float32 from the points of one block of {@link Points#columns} to one vector,
 * and from one point to every centre, in loops that HotSpot C2 vectorises (two dimensions per sweep over
 * separate arrays indexed from 0; see {@link Points}).
 */
final class BlockDistances {

    private BlockDistances() {
    }

    /**
     * acc[p] = |x_(b*B+p) - c|^2 for p in [0, {@link Points#BLOCK}) (padding points included), with {@code c}
     * the d values of {@code centres} from {@code off}. Only {@code acc} is modified.
     */
    static void squared(Points x, int b, float[] centres, int off, float[] acc) {
        columnsTo(x.columns, b * x.d, x.d, centres, off, acc);
    }

    /**
     * acc[c] = |x - centre c|^2 for the k centres given as columns ({@code centreColumns[j][c]} is dimension j of
     * centre c), x the d values of {@code rows} from {@code off}. Only {@code acc} is modified.
     */
    static void toCentres(float[] rows, int off, float[][] centreColumns, float[] acc) {
        columnsTo(centreColumns, 0, centreColumns.length, rows, off, acc);
    }

    /**
     * acc[p] = sum over j < d of (cols[base + j][p] - v[off + j])^2: the squared distances from the vectors stored
     * as the d columns {@code cols[base ..]} to the vector v. Only {@code acc} is modified.
     */
    private static void columnsTo(float[][] cols, int base, int d, float[] v, int off, float[] acc) {
        int j = 0;
        if (d >= 2) {
            first(acc, cols[base], cols[base + 1], v[off], v[off + 1]);
            j = 2;
        } else {
            java.util.Arrays.fill(acc, 0f);
        }
        for (; j + 1 < d; j += 2) {
            add(acc, cols[base + j], cols[base + j + 1], v[off + j], v[off + j + 1]);
        }
        if (j < d) {
            addOne(acc, cols[base + j], v[off + j]);
        }
    }

    private static void first(float[] acc, float[] u, float[] v, float a, float b) {
        for (int p = 0; p < acc.length; p++) {
            float e = u[p] - a;
            float f = v[p] - b;
            acc[p] = e * e + f * f;
        }
    }

    private static void add(float[] acc, float[] u, float[] v, float a, float b) {
        for (int p = 0; p < acc.length; p++) {
            float e = u[p] - a;
            float f = v[p] - b;
            acc[p] += e * e + f * f;
        }
    }

    private static void addOne(float[] acc, float[] u, float a) {
        for (int p = 0; p < acc.length; p++) {
            float e = u[p] - a;
            acc[p] += e * e;
        }
    }
}
