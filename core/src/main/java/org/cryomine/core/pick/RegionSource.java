package org.cryomine.core.pick;

import java.util.Objects;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;

/**
 * A tomogram that is read one region at a time, so that a tomogram larger than memory (or than the 2^31
 * voxels one {@link Volume} can hold) can be processed in slabs: the size and voxel size are known up front,
 * voxels are read on demand. Core knows no file format; {@code cryomine-io}'s {@code Volumes.readRegion}
 * is adapted to this interface by the caller (the command line does so for MRC files).
 *
 * <p>Sizes and coordinates are in voxels, given (x, y, z); regions come back x fastest. Implementations must
 * be safe to call from one thread at a time at least; {@link SlabPicker} reads from a single thread.
 */
public interface RegionSource {

    /** Voxels along x. */
    int nx();

    /** Voxels along y. */
    int ny();

    /** Voxels along z. */
    int nz();

    /** Å per voxel along x, y and z. */
    VoxelSize voxelSize();

    /**
     * A new volume holding the region at voxel (x0, y0, z0) of sx x sy x sz voxels, which lies inside the
     * tomogram; the caller may modify it. Its voxel size is {@link #voxelSize()}.
     *
     * @throws IllegalArgumentException when the region is not inside the tomogram
     */
    Volume read(int x0, int y0, int z0, int sx, int sy, int sz);

    /** Number of voxels of the whole tomogram (may exceed what one {@link Volume} holds). */
    default long voxelCount() {
        return (long) nx() * ny() * nz();
    }

    /** A source over a tomogram already in memory (regions are copies; the volume is not modified). */
    static RegionSource of(Volume tomogram) {
        Objects.requireNonNull(tomogram, "tomogram");
        return new RegionSource() {
            @Override
            public int nx() {
                return tomogram.nx();
            }

            @Override
            public int ny() {
                return tomogram.ny();
            }

            @Override
            public int nz() {
                return tomogram.nz();
            }

            @Override
            public VoxelSize voxelSize() {
                return tomogram.voxelSize();
            }

            @Override
            public Volume read(int x0, int y0, int z0, int sx, int sy, int sz) {
                return tomogram.crop(x0, y0, z0, sx, sy, sz);
            }

            @Override
            public String toString() {
                return "RegionSource.of(" + tomogram + ")";
            }
        };
    }
}
