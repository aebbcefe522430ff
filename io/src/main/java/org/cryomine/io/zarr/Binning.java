package org.cryomine.io.zarr;

/** 2x2x2 binning of a block of z-slices, for the coarser levels of a multiscale image. */
final class Binning {

    private Binning() {
    }

    /**
     * The block of {@code nz} slices of nx x ny (x fastest) binned to ceil(n / 2) along each axis: the mean of
     * the voxels of each 2x2x2 cell that exist ({@code mean}), or the cell's voxel at even coordinates.
     */
    static float[] bin(float[] in, int nx, int ny, int nz, boolean mean) {
        int mx = (nx + 1) / 2;
        int my = (ny + 1) / 2;
        int mz = (nz + 1) / 2;
        float[] out = new float[mx * my * mz];
        int i = 0;
        for (int z = 0; z < mz; z++) {
            for (int y = 0; y < my; y++) {
                for (int x = 0; x < mx; x++, i++) {
                    if (!mean) {
                        out[i] = in[((2 * z) * ny + 2 * y) * nx + 2 * x];
                        continue;
                    }
                    double sum = 0;
                    int n = 0;
                    for (int zz = 2 * z; zz < Math.min(nz, 2 * z + 2); zz++) {
                        for (int yy = 2 * y; yy < Math.min(ny, 2 * y + 2); yy++) {
                            for (int xx = 2 * x; xx < Math.min(nx, 2 * x + 2); xx++) {
                                sum += in[(zz * ny + yy) * nx + xx];
                                n++;
                            }
                        }
                    }
                    out[i] = (float) (sum / n);
                }
            }
        }
        return out;
    }
}
