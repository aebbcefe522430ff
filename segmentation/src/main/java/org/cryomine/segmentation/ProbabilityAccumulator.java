package org.cryomine.segmentation;

import org.cryomine.core.Volume;

/**
 * Blends per-class probability boxes placed in a tomogram: each box adds its probabilities times a
 * smooth window (highest in the box centre, small but positive at its faces), and the label of a voxel
 * is the class of largest blended probability. Voxels no box covers are background (0). An accumulator may
 * cover only the z-slices [zLo, zLo + nz) of a taller tomogram (a slab, for {@link SlabSweep}); boxes are
 * placed in tomogram coordinates, and each voxel's sums are the same float operations in the same order as
 * in a full-size accumulator given the same boxes in the same order.
 */
final class ProbabilityAccumulator {

    private final int nx;
    private final int ny;
    private final int nz;
    private final int zLo;
    private final float[][] sums;
    private final float[] weights;

    /** Covers a whole nx x ny x nz tomogram. */
    ProbabilityAccumulator(int nx, int ny, int nz, int classes) {
        this(nx, ny, 0, nz, classes);
    }

    /** Covers the z-slices [zLo, zLo + nz) of a tomogram nx x ny in x and y. */
    ProbabilityAccumulator(int nx, int ny, int zLo, int nz, int classes) {
        int count = Volume.voxelCount(nx, ny, nz);
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.zLo = zLo;
        this.sums = new float[classes][count];
        this.weights = new float[count];
    }

    /**
     * Adds a box of probabilities whose voxel (0, 0, 0) lies at tomogram voxel (x0, y0, z0); parts outside
     * the tomogram (or outside this accumulator's z-slices) are ignored.
     */
    void add(int x0, int y0, int z0, Volume[] probabilities) {
        Volume first = probabilities[0];
        float[] wx = window(first.nx());
        float[] wy = window(first.ny());
        float[] wz = window(first.nz());
        for (int z = 0; z < first.nz(); z++) {
            int tz = z0 + z - zLo;
            if (tz < 0 || tz >= nz) {
                continue;
            }
            for (int y = 0; y < first.ny(); y++) {
                int ty = y0 + y;
                if (ty < 0 || ty >= ny) {
                    continue;
                }
                for (int x = 0; x < first.nx(); x++) {
                    int tx = x0 + x;
                    if (tx < 0 || tx >= nx) {
                        continue;
                    }
                    float w = wx[x] * wy[y] * wz[z];
                    int t = tx + nx * (ty + ny * tz);
                    int s = first.index(x, y, z);
                    weights[t] += w;
                    for (int c = 0; c < sums.length; c++) {
                        sums[c][t] += w * probabilities[c].data()[s];
                    }
                }
            }
        }
    }

    /** The label map (of the slices covered): argmax of the blended probabilities, 0 where nothing was added. */
    Volume labels() {
        float[] out = new float[weights.length];
        for (int t = 0; t < out.length; t++) {
            if (weights[t] == 0) {
                continue;
            }
            int best = 0;
            for (int c = 1; c < sums.length; c++) {
                if (sums[c][t] > sums[best][t]) {
                    best = c;
                }
            }
            out[t] = best;
        }
        return Volume.wrap(out, nx, ny, nz);
    }

    /** Blended probability of class {@code c} (0 where nothing was added). */
    Volume probability(int c) {
        float[] out = new float[weights.length];
        for (int t = 0; t < out.length; t++) {
            out[t] = weights[t] == 0 ? (c == 0 ? 1 : 0) : sums[c][t] / weights[t];
        }
        return Volume.wrap(out, nx, ny, nz);
    }

    /** A raised-cosine window over n voxels that stays positive at both ends. */
    static float[] window(int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.05 + 0.95 * Math.sin(Math.PI * (i + 0.5) / n));
        }
        return w;
    }
}
