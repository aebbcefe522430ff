package org.cryomine.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.core.VolumeStatistics;

/**
 * Reads and writes volumes in any {@link VolumeFormat} found by {@link ServiceLoader}. The format of a
 * file to read is chosen by probing its first bytes (decompressed when gzip or bzip2), then by its
 * extension; a directory (an OME-Zarr store) by the format that claims it; the format of a file to write by
 * its extension ({@code .zarr} writes a directory). Sizes and coordinates are x, y, z.
 */
public final class Volumes {

    private static final List<VolumeFormat> FORMATS = load();

    private Volumes() {
    }

    private static List<VolumeFormat> load() {
        List<VolumeFormat> list = new ArrayList<>();
        ServiceLoader.load(VolumeFormat.class, Volumes.class.getClassLoader()).forEach(list::add);
        return List.copyOf(list);
    }

    /** Every format on the class path, in service-file order. */
    public static List<VolumeFormat> formats() {
        return FORMATS;
    }

    /** The format with this id ("mrc", "tiff"). */
    public static VolumeFormat format(String id) {
        return FORMATS.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow(() ->
                new CryomineException("no volume format '" + id + "'; known: " + ids()));
    }

    private static String ids() {
        return FORMATS.stream().map(VolumeFormat::id).collect(Collectors.joining(", "));
    }

    /**
     * The format that reads {@code file}: for a directory, the first format that
     * {@linkplain VolumeFormat#claimsDirectory claims} it; for a file, the first whose probe accepts its first
     * bytes, else the first that claims its extension (ignoring a trailing .gz or .bz2).
     *
     * @throws VolumeFormatException when the file is missing or no format recognises it
     */
    public static VolumeFormat formatFor(Path file) {
        Objects.requireNonNull(file, "file");
        if (Files.isDirectory(file)) {
            return FORMATS.stream().filter(f -> f.claimsDirectory(file)).findFirst().orElseThrow(() ->
                    new VolumeFormatException(file, "is a directory that no volume format reads (an OME-Zarr "
                            + "store holds a .zgroup or .zarray file; formats: " + ids() + ")"));
        }
        if (!Files.isRegularFile(file)) {
            throw new VolumeFormatException(file, Files.exists(file) ? "not a regular file" : "no such file");
        }
        byte[] first = ByteSource.firstBytes(file, VolumeFormat.PROBE_BYTES);
        for (VolumeFormat f : FORMATS) {
            if (f.probe(first)) {
                return f;
            }
        }
        VolumeFormat byName = byExtension(file);
        if (byName != null) {
            return byName;
        }
        throw new VolumeFormatException(file, "not a volume file cryomine can read (" + describe(first)
                + "; formats: " + ids() + ")");
    }

    private static String describe(byte[] b) {
        if (b.length == 0) {
            return "the file is empty";
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "it is a PNG image";
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8) {
            return "it is a JPEG image";
        }
        return "its first bytes match no known format and its extension is not known";
    }

    private static VolumeFormat byExtension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String compressed : List.of(".gz", ".bz2")) {
            if (name.endsWith(compressed)) {
                name = name.substring(0, name.length() - compressed.length());
            }
        }
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        for (VolumeFormat f : FORMATS) {
            if (f.extensions().contains(ext)) {
                return f;
            }
        }
        return null;
    }

    /** Reads the whole volume, strictly (stacks refused). */
    public static Volume read(Path file) {
        return read(file, ReadOptions.STRICT);
    }

    /** Reads the whole volume with the given options. */
    public static Volume read(Path file, ReadOptions options) {
        return formatFor(file).read(file, options);
    }

    /** Reads only the header (cheap, even for huge files). */
    public static VolumeHeader readHeader(Path file) {
        return readHeader(file, ReadOptions.STRICT);
    }

    public static VolumeHeader readHeader(Path file, ReadOptions options) {
        return formatFor(file).readHeader(file, options);
    }

    /** Reads the region at voxel (x0, y0, z0) of sx x sy x sz voxels; see {@link VolumeFormat#readRegion}. */
    public static Volume readRegion(Path file, int x0, int y0, int z0, int sx, int sy, int sz) {
        return readRegion(file, ReadOptions.STRICT, x0, y0, z0, sx, sy, sz);
    }

    public static Volume readRegion(Path file, ReadOptions options, int x0, int y0, int z0, int sx, int sy, int sz) {
        return formatFor(file).readRegion(file, options, x0, y0, z0, sx, sy, sz);
    }

    /**
     * Min, max, mean and rms (population standard deviation) of every voxel of a file, read by slabs of z
     * so that files larger than memory work (each slab once; compressed files in one piece); sums in double.
     */
    public static VolumeStatistics statistics(Path file, ReadOptions options) {
        return statistics(formatFor(file), file, options);
    }

    /** As {@link #statistics(Path, ReadOptions)}, with the format given. */
    public static VolumeStatistics statistics(VolumeFormat format, Path file, ReadOptions options) {
        return statistics(format, file, options, ByteSource.isCompressed(file) ? Volume.MAX_VOXELS : 16L << 20);
    }

    /** Statistics read by slabs of at most {@code budget} voxels (at least one z-slice). */
    static VolumeStatistics statistics(VolumeFormat format, Path file, ReadOptions options, long budget) {
        VolumeHeader h = format.readHeader(file, options);
        long perSlice = (long) h.nx() * h.ny();
        int slab = (int) Math.max(1, Math.min(h.nz(), budget / perSlice));
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long n = 0;
        double mean = 0;
        double m2 = 0;
        for (int z = 0; z < h.nz(); z += slab) {
            Volume v = format.readRegion(file, options, 0, 0, z, h.nx(), h.ny(), Math.min(slab, h.nz() - z));
            VolumeStatistics s = v.statistics();
            min = Math.min(min, s.min());
            max = Math.max(max, s.max());
            // Chan et al.'s pairwise combination of (count, mean, sum of squared deviations)
            long nb = v.voxelCount();
            double delta = s.mean() - mean;
            long total = n + nb;
            mean += delta * nb / total;
            m2 += s.rms() * s.rms() * nb + delta * delta * ((double) n * nb / total);
            n = total;
        }
        return new VolumeStatistics(min, max, mean, Math.sqrt(m2 / n));
    }

    /** Writes {@code volume} (not modified) as float32 MRC (or the format of the extension), never overwriting. */
    public static void write(Volume volume, Path file) {
        write(volume, file, WriteOptions.defaults());
    }

    /** Writes {@code volume} (not modified) in the format named by the file's extension (MRC when unknown). */
    public static void write(Volume volume, Path file, WriteOptions options) {
        Objects.requireNonNull(volume, "volume");
        writableFormat(file).write(volume, file, options);
    }

    /**
     * Opens a {@link SlabWriter} for an nx x ny x nz volume (which may exceed what one {@link Volume} holds)
     * in the format named by the file's extension (MRC when unknown): write nx x ny x k slabs in z order,
     * then close; the finished file has the same bytes as {@link #write(Volume, Path, WriteOptions)} of the
     * whole volume (header statistics possibly differing in the last bit of rms, see the format). Fails at
     * once when {@code file} exists and {@code options} do not allow overwriting.
     *
     * @param voxelSize Å per voxel along x, y, z
     * @param origin    the origin in Å
     */
    public static SlabWriter openSlabWriter(Path file, int nx, int ny, int nz, VoxelSize voxelSize, Vec3 origin,
                                            WriteOptions options) {
        Objects.requireNonNull(voxelSize, "voxelSize");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(options, "options");
        return writableFormat(file).openSlabWriter(file, nx, ny, nz, voxelSize, origin, options);
    }

    private static VolumeFormat writableFormat(Path file) {
        Objects.requireNonNull(file, "file");
        VolumeFormat f = byExtension(file);
        if (f == null) {
            f = format("mrc");
        }
        if (!f.canWrite()) {
            throw new CryomineException(file + ": format '" + f.id() + "' is read-only; write an .mrc file instead");
        }
        return f;
    }
}
