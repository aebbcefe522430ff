package org.cryomine.pipeline;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.core.pick.RegionSource;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;

/**
 * A tomogram file seen as a core {@link RegionSource}: the size and voxel size come from its header (1 Å
 * where the header gives none, as {@code Volumes.read} does), voxels from {@link Volumes#readRegion}, so
 * nothing but the region asked for is ever in memory. Counts the voxels read (for logs and tests).
 * Thread-safe when the format's region reader is (MRC opens the file per call).
 */
public final class FileRegionSource implements RegionSource {

    private final Path file;
    private final VolumeHeader header;
    private final AtomicLong voxelsRead = new AtomicLong();

    private FileRegionSource(Path file, VolumeHeader header) {
        this.file = file;
        this.header = header;
    }

    /** Reads {@code file}'s header (cheap, whatever the file's size). */
    public static FileRegionSource open(Path file) {
        Objects.requireNonNull(file, "file");
        return new FileRegionSource(file, Volumes.readHeader(file));
    }

    public Path file() {
        return file;
    }

    public VolumeHeader header() {
        return header;
    }

    @Override
    public int nx() {
        return header.nx();
    }

    @Override
    public int ny() {
        return header.ny();
    }

    @Override
    public int nz() {
        return header.nz();
    }

    @Override
    public VoxelSize voxelSize() {
        return header.voxelSizeOrDefault();
    }

    @Override
    public Volume read(int x0, int y0, int z0, int sx, int sy, int sz) {
        Volume v = Volumes.readRegion(file, x0, y0, z0, sx, sy, sz);
        voxelsRead.addAndGet(v.voxelCount());
        return v;
    }

    /** Voxels read so far, over all calls. */
    public long voxelsRead() {
        return voxelsRead.get();
    }

    @Override
    public String toString() {
        return "FileRegionSource[" + file + ", " + nx() + "x" + ny() + "x" + nz() + "]";
    }
}
