package org.cryomine.io.zarr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.io.ReadOptions;
import org.cryomine.io.SlabWriter;
import org.cryomine.io.VolumeFormat;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.WriteOptions;

/**
 * OME-Zarr (OME-NGFF 0.4 multiscale images on Zarr v2), as the CryoET Data Portal serves tomograms: a
 * {@code .zarr} directory opens like a file ({@link #claimsDirectory}). Reading: the scale level nearest
 * {@link ReadOptions#voxelSize()} (level 0 by default), or one array opened directly; regions are read
 * through the chunks they touch, so a tomogram never has to fit in memory. Writing: see
 * {@link OmeZarr#write} (here with {@link ZarrWriteOptions#from} the MRC mode's type, 64³ Blosc-LZ4 chunks,
 * one level). Stateless and thread-safe.
 */
public final class ZarrFormat implements VolumeFormat {

    @Override
    public String id() {
        return "zarr";
    }

    @Override
    public List<String> extensions() {
        return List.of("zarr");
    }

    /** Zarr stores are directories; no file's bytes are a Zarr store. */
    @Override
    public boolean probe(byte[] firstBytes) {
        return false;
    }

    /** A directory holding {@code .zgroup}, {@code .zarray} or (to refuse it clearly) Zarr v3's {@code zarr.json}. */
    @Override
    public boolean claimsDirectory(Path directory) {
        return StoreFiles.isStore(directory) || Files.isRegularFile(directory.resolve("zarr.json"));
    }

    @Override
    public VolumeHeader readHeader(Path file, ReadOptions options) {
        return ZarrVolume.open(file, options).header();
    }

    @Override
    public Volume read(Path file, ReadOptions options) {
        ZarrVolume v = ZarrVolume.open(file, options);
        VolumeHeader h = v.header();
        return v.read(0, 0, 0, h.nx(), h.ny(), h.nz());
    }

    @Override
    public Volume readRegion(Path file, ReadOptions options, int x0, int y0, int z0, int sx, int sy, int sz) {
        return ZarrVolume.open(file, options).read(x0, y0, z0, sx, sy, sz);
    }

    @Override
    public boolean canWrite() {
        return true;
    }

    @Override
    public void write(Volume volume, Path file, WriteOptions options) {
        OmeZarr.write(volume, file, ZarrWriteOptions.from(options));
    }

    @Override
    public SlabWriter openSlabWriter(Path file, int nx, int ny, int nz, VoxelSize voxelSize, Vec3 origin,
                                     WriteOptions options) {
        return OmeZarr.openSlabWriter(file, nx, ny, nz, voxelSize, origin, ZarrWriteOptions.from(options));
    }

    @Override
    public String toString() {
        return "ZarrFormat[zarr]";
    }
}
