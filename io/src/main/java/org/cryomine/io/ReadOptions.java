package org.cryomine.io;

/**
 * How to read a volume file.
 *
 * @param permissive   read what can be read and log warnings (missing map ID, unknown machine stamp,
 *                     a bad axis mapping taken as 1,2,3, a short data block padded with zeros) instead of
 *                     failing; a file lacking more than 1 MiB and holding less than 1/16 of what its header
 *                     describes is still refused (a corrupt header), so that memory and time stay
 *                     proportional to the file's size
 * @param allowStacks  read an image stack or a volume stack as one volume (images along z) instead of
 *                     failing, which protects against taking a stack of images for a tomogram
 * @param voxelSize    for a file holding several resolutions (an OME-Zarr multiscale image), read the scale
 *                     level whose voxel size (Å, mean over x, y, z) is nearest this; 0 (the default) reads the
 *                     full resolution (level 0). Single-resolution formats ignore it.
 */
public record ReadOptions(boolean permissive, boolean allowStacks, double voxelSize) {

    /** Strict reading, stacks refused, full resolution. */
    public static final ReadOptions STRICT = new ReadOptions(false, false, 0);

    public ReadOptions {
        if (!(voxelSize >= 0) || Double.isInfinite(voxelSize)) {
            throw new IllegalArgumentException("voxel size must be 0 (full resolution) or a positive number of Å, got "
                    + voxelSize);
        }
    }

    /** Full resolution. */
    public ReadOptions(boolean permissive, boolean allowStacks) {
        this(permissive, allowStacks, 0);
    }

    /** Strict reading. */
    public static ReadOptions defaults() {
        return STRICT;
    }

    /** A copy with permissive reading switched on or off. */
    public ReadOptions withPermissive(boolean value) {
        return new ReadOptions(value, allowStacks, voxelSize);
    }

    /** A copy that accepts (or refuses) stacks. */
    public ReadOptions withAllowStacks(boolean value) {
        return new ReadOptions(permissive, value, voxelSize);
    }

    /** A copy that reads the scale level nearest {@code angstrom} (0: full resolution); see {@link #voxelSize}. */
    public ReadOptions withVoxelSize(double angstrom) {
        return new ReadOptions(permissive, allowStacks, angstrom);
    }
}
