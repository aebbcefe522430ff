package org.cryomine.core;

/**
 * Size of one voxel along x, y and z, in Ångström.
 *
 * @param x voxel edge along x in Å, positive and finite
 * @param y voxel edge along y in Å, positive and finite
 * @param z voxel edge along z in Å, positive and finite
 */
public record VoxelSize(double x, double y, double z) {

    /** One Ångström per voxel: the convention when a file gives no voxel size. */
    public static final VoxelSize ONE_ANGSTROM = new VoxelSize(1, 1, 1);

    public VoxelSize {
        check("x", x);
        check("y", y);
        check("z", z);
    }

    /** A cubic voxel of edge {@code angstrom} Å. */
    public static VoxelSize isotropic(double angstrom) {
        return new VoxelSize(angstrom, angstrom, angstrom);
    }

    /** True when the three edges are equal to within one part in 10^6. */
    public boolean isIsotropic() {
        return Math.abs(x - y) <= 1e-6 * x && Math.abs(x - z) <= 1e-6 * x;
    }

    /** Converts a length in Å to voxels along x (the API's convention for isotropic lengths). */
    public double toVoxels(double angstrom) {
        return angstrom / x;
    }

    private static void check(String axis, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("voxel size along " + axis + " must be a positive finite number of Å, got " + value);
        }
    }
}
