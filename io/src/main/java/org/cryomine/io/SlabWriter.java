package org.cryomine.io;

import org.cryomine.core.Volume;

/**
 * A volume file written slab by slab along z, for volumes too large to hold in memory (or than one
 * {@link Volume} can hold): open it with {@link Volumes#openSlabWriter}, {@link #write} nx x ny x k slabs in
 * z order until all nz slices are written, then {@link #close}. The data go to a temporary file next to the
 * destination, which is moved into place only by a {@link #close} after the last slice; if a write fails or
 * the writer is closed early, the temporary file is removed and nothing appears at the destination (an
 * existing file there is kept). Not thread-safe.
 *
 * <pre>{@code
 * try (SlabWriter out = Volumes.openSlabWriter(path, nx, ny, nz, voxelSize, origin, options)) {
 *     for (...) out.write(slab);   // nx x ny x k, z order
 * }
 * }</pre>
 */
public interface SlabWriter extends AutoCloseable {

    /**
     * Appends the z-slices of {@code slab} (not modified; nx x ny x any depth, x fastest). On failure the
     * writer is aborted (temporary file removed) before the exception is thrown.
     *
     * @throws IllegalArgumentException when the slab's nx or ny differ from the file's, or it holds more
     *                                  slices than remain
     * @throws IllegalStateException    when the writer is closed or aborted
     * @throws org.cryomine.core.CryomineException when a value does not fit the mode or writing fails
     */
    void write(Volume slab);

    /** Number of z-slices written so far. */
    int slicesWritten();

    /** Number of z-slices the file holds when complete. */
    int nz();

    /**
     * Finishes the file when every slice was written: the header statistics are set, and the temporary
     * file is moved to the destination. When fewer slices were written, the temporary file is removed and
     * an exception says so. Safe to call twice (later calls do nothing), also after an aborted write.
     *
     * @throws org.cryomine.core.CryomineException when slices are missing or the file cannot be finished
     */
    @Override
    void close();
}
