package org.cryomine.core.filter;

import org.cryomine.core.internal.Parallel;

/**
 * The cache-aware passes of the separable filters over an x-fastest float32 volume (index
 * {@code x + nx (y + ny z)}). Every pass copies what it reads into rows that are separate arrays and
 * convolves whole rows at once with {@link RowConvolution}, so the inner loops run along x (or, for the x
 * pass, along y of a transposed slice) and vectorise:
 * <ul>
 * <li>{@link #zPass}: for one y at a time, the column of nz x-rows (1 MiB apart in a 512x512 volume, which
 * would thrash the cache sets) is copied into a contiguous per-thread buffer and every output row is
 * computed from it, for one or several kernels (the two Gaussians of a DoG share the read and, with
 * {@link RowConvolution#applyBoth}, the loads of each tap);</li>
 * <li>{@link #yxPass}: one z slice at a time, the y pass, a blocked transpose, the x pass, and the transpose
 * back, which also subtracts the second result from the first when asked (the DoG's subtraction).</li>
 * </ul>
 * Each pass rounds to float32 as scipy stores each 1-D pass; sums run in float32. Both passes may write
 * over their input, and subtract an {@code offset} from what they read (0: none; the kernels' constant
 * for {@link BoundaryMode#CONSTANT} must then be shifted by the caller). Package-private.
 */
final class VolumePasses {

    /** Transpose block edge: 16 x 16 floats, one cache line per row of the block. */
    private static final int BLOCK = 16;

    private VolumePasses() {
    }

    /**
     * Correlates {@code in - offset} along z with each of {@code kernels} into {@code outs} (same length; an
     * output may be {@code in} itself, since each column is copied before it is overwritten).
     */
    static void zPass(float[] in, float[][] outs, int nx, int ny, int nz, RowConvolution[] kernels, float offset,
                      int threads) {
        int plane = nx * ny;
        Parallel.forChunks(ny, threads, 4, () -> new ZScratch(nx, nz, kernels[0]), (s, y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                for (int z = 0; z < nz; z++) {
                    System.arraycopy(in, y * nx + z * plane, s.rows[z], 0, nx);
                    subtract(s.rows[z], offset);
                }
                if (kernels.length == 2) {
                    for (int z = 0; z < nz; z++) {
                        RowConvolution.applyBoth(kernels[0], kernels[1], s.rows, nz, z, s.constant, s.acc, s.acc2, nx);
                        System.arraycopy(s.acc, 0, outs[0], y * nx + z * plane, nx);
                        System.arraycopy(s.acc2, 0, outs[1], y * nx + z * plane, nx);
                    }
                } else {
                    for (int i = 0; i < kernels.length; i++) {
                        for (int z = 0; z < nz; z++) {
                            kernels[i].apply(s.rows, nz, z, s.constant, s.acc, nx);
                            System.arraycopy(s.acc, 0, outs[i], y * nx + z * plane, nx);
                        }
                    }
                }
            }
        });
    }

    /**
     * For each z slice: correlates each of {@code ins} (minus {@code offset}) along y with {@code yKernels[i]} and then along x with
     * {@code xKernels[i]} (either may be null: no filtering along that axis), and stores into {@code out}
     * the first result, or with {@code subtract} the first minus the second (each rounded to float32 first,
     * as numpy subtracts two float32 arrays). {@code out} may be one of {@code ins}.
     */
    static void yxPass(float[][] ins, float[] out, int nx, int ny, int nz, RowConvolution[] yKernels,
                       RowConvolution[] xKernels, boolean subtract, float offset, int threads) {
        int plane = nx * ny;
        int results = subtract ? 2 : 1;
        Parallel.forChunks(nz, threads, 1, () -> new SliceScratch(nx, ny, results, yKernels, xKernels), (s, z0, z1) -> {
            for (int z = z0; z < z1; z++) {
                int base = z * plane;
                for (int i = 0; i < results; i++) {
                    for (int y = 0; y < ny; y++) {
                        System.arraycopy(ins[i], base + y * nx, s.rows[y], 0, nx);
                        subtract(s.rows[y], offset);
                    }
                    float[][] afterY = s.rows;
                    if (yKernels[i] != null) {
                        for (int y = 0; y < ny; y++) {
                            yKernels[i].apply(s.rows, ny, y, s.constantX, s.yOut[y], nx);
                        }
                        afterY = s.yOut;
                    }
                    if (xKernels[i] != null) {
                        transpose(afterY, s.columns, ny, nx);
                        for (int x = 0; x < nx; x++) {
                            xKernels[i].apply(s.columns, nx, x, s.constantY, s.xOut[i][x], ny);
                        }
                    } else {
                        transpose(afterY, s.xOut[i], ny, nx);
                    }
                }
                if (subtract) {
                    transposeBackSubtracting(s.xOut[0], s.xOut[1], out, base, nx, ny);
                } else {
                    transposeBack(s.xOut[0], out, base, nx, ny);
                }
            }
        });
    }

    /** {@code row[x] -= offset} (nothing for 0). */
    private static void subtract(float[] row, float offset) {
        if (offset != 0) {
            for (int x = 0; x < row.length; x++) {
                row[x] -= offset;
            }
        }
    }

    /** {@code dst[x][y] = src[y][x]} for src of {@code rows} rows of {@code cols}. */
    static void transpose(float[][] src, float[][] dst, int rows, int cols) {
        for (int y0 = 0; y0 < rows; y0 += BLOCK) {
            int y1 = Math.min(rows, y0 + BLOCK);
            for (int x0 = 0; x0 < cols; x0 += BLOCK) {
                int x1 = Math.min(cols, x0 + BLOCK);
                for (int y = y0; y < y1; y++) {
                    float[] s = src[y];
                    for (int x = x0; x < x1; x++) {
                        dst[x][y] = s[x];
                    }
                }
            }
        }
    }

    private static void transposeBack(float[][] cols, float[] out, int base, int nx, int ny) {
        for (int y0 = 0; y0 < ny; y0 += BLOCK) {
            int y1 = Math.min(ny, y0 + BLOCK);
            for (int x0 = 0; x0 < nx; x0 += BLOCK) {
                int x1 = Math.min(nx, x0 + BLOCK);
                for (int x = x0; x < x1; x++) {
                    float[] c = cols[x];
                    int o = base + x;
                    for (int y = y0; y < y1; y++) {
                        out[o + y * nx] = c[y];
                    }
                }
            }
        }
    }

    private static void transposeBackSubtracting(float[][] a, float[][] b, float[] out, int base, int nx, int ny) {
        for (int y0 = 0; y0 < ny; y0 += BLOCK) {
            int y1 = Math.min(ny, y0 + BLOCK);
            for (int x0 = 0; x0 < nx; x0 += BLOCK) {
                int x1 = Math.min(nx, x0 + BLOCK);
                for (int x = x0; x < x1; x++) {
                    float[] ca = a[x];
                    float[] cb = b[x];
                    int o = base + x;
                    for (int y = y0; y < y1; y++) {
                        out[o + y * nx] = ca[y] - cb[y];
                    }
                }
            }
        }
    }

    /** Per-thread buffers of the z pass: one column of x-rows. */
    private static final class ZScratch {
        final float[][] rows;
        final float[] acc;
        final float[] acc2;
        final float[] constant;

        ZScratch(int nx, int nz, RowConvolution k) {
            rows = new float[nz][nx];
            acc = new float[nx];
            acc2 = new float[nx];
            constant = k.constantRow(nx);
        }
    }

    /** Per-thread buffers of the y-x pass: one slice as x-rows, after y, transposed, after x (null if unused). */
    private static final class SliceScratch {
        final float[][] rows;
        final float[][] yOut;
        final float[][] columns;
        final float[][][] xOut;
        final float[] constantX;
        final float[] constantY;

        SliceScratch(int nx, int ny, int results, RowConvolution[] yKernels, RowConvolution[] xKernels) {
            rows = new float[ny][nx];
            yOut = java.util.Arrays.stream(yKernels).anyMatch(k -> k != null) ? new float[ny][nx] : null;
            columns = java.util.Arrays.stream(xKernels).anyMatch(k -> k != null) ? new float[nx][ny] : null;
            xOut = new float[results][nx][ny];
            RowConvolution any = yKernels[0] != null ? yKernels[0] : xKernels[0];
            constantX = any == null ? new float[nx] : any.constantRow(nx);
            constantY = any == null ? new float[ny] : any.constantRow(ny);
        }
    }
}
