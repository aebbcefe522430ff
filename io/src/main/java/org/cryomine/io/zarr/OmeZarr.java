package org.cryomine.io.zarr;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.io.ReadOptions;
import org.cryomine.io.SlabWriter;

/**
 * OME-Zarr specifics beyond {@link org.cryomine.io.Volumes}: the scale levels of a store, and writing with
 * {@link ZarrWriteOptions} (chunk size, levels, type, compressor).
 *
 * <pre>{@code
 * List<ScaleLevel> levels = OmeZarr.levels(store);                        // e.g. 10, 20, 40 Å
 * Volume v = Volumes.read(store, ReadOptions.STRICT.withVoxelSize(20));   // the level nearest 20 Å
 * OmeZarr.write(labels, out, ZarrWriteOptions.defaults().withDataType(ZarrDataType.UINT8).withLevels(3));
 * }</pre>
 */
public final class OmeZarr {

    private OmeZarr() {
    }

    /** The scale levels of the OME-Zarr group at {@code store}, highest resolution first (one for an array). */
    public static List<ScaleLevel> levels(Path store) {
        Multiscales ms = Multiscales.read(store);
        return ms != null ? ms.levels() : List.of(ZarrVolume.open(store, ReadOptions.STRICT).level());
    }

    /**
     * Writes {@code volume} (not modified; voxel size and origin from it) as an OME-NGFF 0.4 image, through a
     * temporary folder renamed into place.
     *
     * @throws org.cryomine.core.CryomineException when {@code file} exists and may not be replaced, a value
     *         does not fit the type, or writing fails
     */
    public static void write(Volume volume, Path file, ZarrWriteOptions options) {
        Objects.requireNonNull(volume, "volume");
        try (SlabWriter w = openSlabWriter(file, volume.nx(), volume.ny(), volume.nz(), volume.voxelSize(),
                volume.origin(), options)) {
            w.write(volume);
        }
    }

    /**
     * Opens a writer of an nx x ny x nz image written slab by slab along z (see {@link SlabWriter}); it holds
     * {@code chunkSize} z-slices in memory per level.
     *
     * @param voxelSize Å per voxel along x, y, z
     * @param origin    Å, position of voxel (0, 0, 0)
     */
    public static SlabWriter openSlabWriter(Path file, int nx, int ny, int nz, VoxelSize voxelSize, Vec3 origin,
                                            ZarrWriteOptions options) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        return OmeZarrWriter.open(file, nx, ny, nz, voxelSize, origin, options);
    }
}
