package org.cryomine.io;

import java.nio.file.Path;
import java.util.List;
import org.cryomine.core.Volume;

/**
 * A volume file format, found at run time with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/org.cryomine.io.VolumeFormat}). Implementations are stateless and thread-safe.
 * Sizes and coordinates are x, y, z; every reader returns float32 volumes. Files compressed with gzip
 * or bzip2 are handled by the format (see {@link ByteSource#open}). A format whose volume is a directory
 * of files (an OME-Zarr store) claims such a directory through {@link #claimsDirectory}; byte probing is
 * only for regular files.
 */
public interface VolumeFormat {

    /** A short lower-case id, e.g. "mrc". */
    String id();

    /** File name endings this format claims, lower case without the dot (e.g. "mrc", "map", "mrcs"). */
    List<String> extensions();

    /**
     * Whether the first bytes of a file (decompressed, at most {@link #PROBE_BYTES}, possibly fewer)
     * look like this format.
     */
    boolean probe(byte[] firstBytes);

    /**
     * Whether this format reads {@code directory}, a folder holding one volume in many files (an OME-Zarr
     * store), which {@link #probe} cannot judge. {@link Volumes#formatFor} asks this only of directories;
     * the default claims none.
     */
    default boolean claimsDirectory(Path directory) {
        return false;
    }

    /** Reads only the header. */
    VolumeHeader readHeader(Path file, ReadOptions options);

    /** Reads the whole volume into memory. */
    Volume read(Path file, ReadOptions options);

    /**
     * Reads the region starting at voxel (x0, y0, z0) of sx x sy x sz voxels, which must lie inside
     * the volume. The result's origin is moved so that its voxels stay at the same place in Å.
     */
    Volume readRegion(Path file, ReadOptions options, int x0, int y0, int z0, int sx, int sy, int sz);

    /** Whether {@link #write} is supported. */
    default boolean canWrite() {
        return false;
    }

    /**
     * Writes {@code volume} (not modified) to {@code file} through a temporary file and an atomic rename.
     *
     * @throws UnsupportedOperationException when {@link #canWrite()} is false
     */
    default void write(Volume volume, Path file, WriteOptions options) {
        throw new UnsupportedOperationException("format '" + id() + "' cannot write files");
    }

    /**
     * Opens a writer of an nx x ny x nz volume written slab by slab along z (see {@link SlabWriter}), so that
     * a volume larger than memory can be written. The file is the same as {@link #write} would write for
     * the whole volume with this voxel size (Å) and origin (Å).
     *
     * @throws UnsupportedOperationException when the format cannot write slab by slab
     */
    default SlabWriter openSlabWriter(Path file, int nx, int ny, int nz, org.cryomine.core.VoxelSize voxelSize,
                                      org.cryomine.core.Vec3 origin, WriteOptions options) {
        throw new UnsupportedOperationException("format '" + id() + "' cannot write files slab by slab");
    }

    /** How many leading bytes are passed to {@link #probe}. */
    int PROBE_BYTES = 1024;
}
