package org.cryomine.segmentation;

/**
 * The voxels of a box within the label radius of its centre, the part of a box whose weak labels are trusted
 * ({@link WeakLabels}) and whose densities choose a group's level ({@link GroupLevels}). Package-private.
 */
final class CentreBall {

    private CentreBall() {
    }

    /**
     * Which voxels of an {@code nx} x {@code ny} x {@code nz} box (x fastest) lie within {@code labelRadius} box edges
     * (the cube root of the box's voxel count) of its centre, {@code ((n - 1) / 2)} along each axis; all of them for an
     * infinite radius.
     */
    static boolean[] of(int nx, int ny, int nz, double labelRadius) {
        boolean[] inside = new boolean[nx * ny * nz];
        double r = labelRadius * Math.cbrt((double) nx * ny * nz);
        double r2 = Double.isInfinite(r) ? Double.POSITIVE_INFINITY : r * r;
        for (int z = 0, v = 0; z < nz; z++) {
            double dz = z - (nz - 1) / 2.0;
            for (int y = 0; y < ny; y++) {
                double dy = y - (ny - 1) / 2.0;
                for (int x = 0; x < nx; x++, v++) {
                    double dx = x - (nx - 1) / 2.0;
                    inside[v] = dx * dx + dy * dy + dz * dz <= r2;
                }
            }
        }
        return inside;
    }
}
