package org.cryomine.io.mrc;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
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
 * MRC2014 (and older CCP4/MRC files, in permissive mode), as described by Cheng et al., J. Struct. Biol.
 * 2015, and read the way mrcfile 1.4.3 reads it. Reading: modes 0, 1, 2, 6, 12, 101; either byte order;
 * extended headers; axis orders other than 1,2,3 re-ordered to x, y, z; gzip and bzip2. Writing: modes
 * 0, 1, 2, 6, 12 (see {@link WriteOptions}).
 *
 * <p>Axis order: the returned volume is always x fastest. For a file with mapc, mapr, maps = 3, 1, 2
 * (EMD-3001), the file's columns run along z, its rows along x and its sections along y, so the volume
 * is ny_file x nz_file x nx_file. mrcfile returns the array as stored ((sections, rows, columns)) and
 * leaves the re-ordering to the caller; its voxel size (cella / mx, my, mz) is already x, y, z and
 * equals ours.
 *
 * <p>Stacks: a file is an image stack when it has more than one section and either ends in {@code .mrcs}
 * or has space group 0 with mz = 1 (how mrcfile and RELION write stacks); space group 0 with mz = nz, as
 * old IMOD tomograms have, is taken as a volume. Space groups 401-630 are volume stacks. Reading a stack
 * needs {@link ReadOptions#allowStacks()}.
 */
public final class MrcFormat implements VolumeFormat {

    @Override
    public String id() {
        return "mrc";
    }

    @Override
    public List<String> extensions() {
        return List.of("mrc", "map", "mrcs", "rec", "st", "ali", "ccp4", "mrc2014");
    }

    @Override
    public boolean probe(byte[] firstBytes) {
        if (firstBytes.length >= 212 && firstBytes[208] == 'M' && firstBytes[209] == 'A' && firstBytes[210] == 'P') {
            return true;
        }
        if (firstBytes.length < MrcHeader.SIZE) {
            return false;
        }
        return MrcHeader.parse(firstBytes, ByteOrder.LITTLE_ENDIAN).plausible()
                || MrcHeader.parse(firstBytes, ByteOrder.BIG_ENDIAN).plausible();
    }

    @Override
    public VolumeHeader readHeader(Path file, ReadOptions options) {
        try (MrcReader r = MrcReader.open(file, options)) {
            return r.header();
        }
    }

    @Override
    public Volume read(Path file, ReadOptions options) {
        try (MrcReader r = MrcReader.open(file, options)) {
            VolumeHeader h = r.header();
            return r.readRegion(0, 0, 0, h.nx(), h.ny(), h.nz());
        }
    }

    @Override
    public Volume readRegion(Path file, ReadOptions options, int x0, int y0, int z0, int sx, int sy, int sz) {
        try (MrcReader r = MrcReader.open(file, options)) {
            return r.readRegion(x0, y0, z0, sx, sy, sz);
        }
    }

    /** The extended header's raw bytes (nsymbt of them); its type is {@link VolumeHeader#exttyp()}. */
    public static byte[] readExtendedHeader(Path file, ReadOptions options) {
        try (MrcReader r = MrcReader.open(file, options)) {
            return r.extendedHeader();
        }
    }

    @Override
    public boolean canWrite() {
        return true;
    }

    @Override
    public void write(Volume volume, Path file, WriteOptions options) {
        MrcWriter.write(volume, file, options);
    }

    /** Writes slab by slab; see {@link MrcSlabWriter}. */
    @Override
    public SlabWriter openSlabWriter(Path file, int nx, int ny, int nz, VoxelSize voxelSize, Vec3 origin,
                                     WriteOptions options) {
        return MrcSlabWriter.open(file, nx, ny, nz, voxelSize, origin, options);
    }

    @Override
    public String toString() {
        return "MrcFormat" + Arrays.toString(extensions().toArray());
    }
}
