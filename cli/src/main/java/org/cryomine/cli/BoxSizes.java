package org.cryomine.cli;

/** Box edges given in Å, turned into voxels. */
final class BoxSizes {

    private BoxSizes() {
    }

    /** The multiple of 4 voxels nearest to {@code angstrom} Å at {@code voxelAngst} Å per voxel (at least 4). */
    static int fromAngst(double angstrom, double voxelAngst) {
        if (!(angstrom > 0) || !(voxelAngst > 0)) {
            throw new IllegalArgumentException("box size and voxel size must be positive, got " + angstrom + " Å and "
                    + voxelAngst + " Å per voxel");
        }
        return Math.max(4, 4 * (int) Math.round(angstrom / voxelAngst / 4));
    }
}
