package org.cryomine.pipeline;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.cryomine.core.Volume;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
import org.cryomine.pipeline.report.TomogramOverview;

/**
 * The selection report's overview of a tomogram: the tomogram averaged in bins of {@code b x b x b} voxels so that
 * the overview holds at most {@link #MAX_VOXELS} voxels, read strip by strip (or whole when small) so that memory
 * stays at one strip of at most {@link #STRIP_VOXELS} voxels (plus the overview) whatever the tomogram's size, and
 * stored as a mosaic of its z-slices in one grey PNG.
 */
final class OverviewPictures {

    /** Most voxels of a downsampled overview (about 1 MB of grey levels before compression). */
    static final long MAX_VOXELS = 1L << 20;
    /** Most voxels read at once. */
    static final long STRIP_VOXELS = 1L << 24;

    private OverviewPictures() {
    }

    /** Tomogram voxels per overview voxel along each axis for a tomogram of {@code nx x ny x nz} voxels. */
    static int binFor(long nx, long ny, long nz) {
        return binFor(nx, ny, nz, MAX_VOXELS);
    }

    /** Tomogram voxels per overview voxel so that the overview holds at most {@code maxVoxels} voxels. */
    static int binFor(long nx, long ny, long nz, long maxVoxels) {
        int bin = 1;
        while (ceilDiv(nx, bin) * ceilDiv(ny, bin) * ceilDiv(nz, bin) > maxVoxels) {
            bin++;
        }
        return bin;
    }

    /**
     * The overview of {@code file} with the given picks.
     *
     * @param positions (x, y, z) of the picks in this tomogram, in voxels
     * @param clusters  cluster of each pick
     */
    static TomogramOverview of(Path file, String name, int boxSize, List<int[]> positions, int[] clusters) {
        return of(file, name, boxSize, positions, clusters, MAX_VOXELS);
    }

    /** As {@link #of(Path, String, int, List, int[])} with at most {@code maxVoxels} overview voxels. */
    static TomogramOverview of(Path file, String name, int boxSize, List<int[]> positions, int[] clusters,
                               long maxVoxels) {
        VolumeHeader h = Volumes.readHeader(file);
        int bin = binFor(h.nx(), h.ny(), h.nz(), maxVoxels);
        Volume binned = binned(file, h.nx(), h.ny(), h.nz(), bin);
        int columns = Math.max(1, (int) Math.ceil(Math.sqrt(binned.nz() * (double) binned.ny() / binned.nx())));
        return new TomogramOverview(name, binned.nx(), binned.ny(), binned.nz(), bin, columns, mosaic(binned, columns),
                boxSize, positions.toArray(int[][]::new), clusters);
    }

    /**
     * {@code file} averaged in bins of {@code bin^3} voxels (partial bins at the far edges average what they hold). A
     * file of at most {@link #STRIP_VOXELS} voxels is read whole, in one call; a larger one by region, in strips of
     * {@code bin} slices and as many rows as fit in {@link #STRIP_VOXELS}.
     */
    static Volume binned(Path file, int nx, int ny, int nz, int bin) {
        return binned(file, nx, ny, nz, bin, STRIP_VOXELS);
    }

    /** As {@link #binned(Path, int, int, int, int)} with strips of at most {@code stripVoxels} voxels. */
    static Volume binned(Path file, int nx, int ny, int nz, int bin, long stripVoxels) {
        int bx = ceilDiv(nx, bin);
        int by = ceilDiv(ny, bin);
        int bz = ceilDiv(nz, bin);
        float[] sum = new float[bx * by * bz];
        int[] count = new int[sum.length];
        if ((long) nx * ny * nz <= stripVoxels) {
            accumulate(Volumes.read(file).data(), nx, 0, nz, 0, ny, bin, bx, by, sum, count);
        } else {
            int rows = (int) Math.max(1, Math.min(ny, stripVoxels / ((long) nx * bin) / bin * bin));
            rows = Math.max(bin, rows - rows % bin);
            for (int z0 = 0; z0 < nz; z0 += bin) {
                int sz = Math.min(bin, nz - z0);
                for (int y0 = 0; y0 < ny; y0 += rows) {
                    int sy = Math.min(rows, ny - y0);
                    accumulate(Volumes.readRegion(file, 0, y0, z0, nx, sy, sz).data(), nx, z0, sz, y0, sy, bin, bx, by,
                            sum, count);
                }
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= Math.max(1, count[i]);
        }
        return Volume.wrap(sum, bx, by, bz);
    }

    /** Adds the strip {@code d} (nx x sy x sz voxels starting at row y0, slice z0) into the bins' sums and counts. */
    private static void accumulate(float[] d, int nx, int z0, int sz, int y0, int sy, int bin, int bx, int by,
                                   float[] sum, int[] count) {
        for (int z = 0; z < sz; z++) {
            int oz = (z0 + z) / bin;
            for (int y = 0; y < sy; y++) {
                int oy = (y0 + y) / bin;
                int row = (z * sy + y) * nx;
                int out = (oz * by + oy) * bx;
                for (int x = 0; x < nx; x++) {
                    sum[out + x / bin] += d[row + x];
                    count[out + x / bin]++;
                }
            }
        }
    }

    /** Grey PNG of the z-slices of {@code v}, {@code columns} per row, on its mean +- 3 standard deviations. */
    static byte[] mosaic(Volume v, int columns) {
        var s = v.statistics();
        double low = s.mean() - 3 * s.rms();
        double high = s.mean() + 3 * s.rms();
        double scale = high > low ? 255 / (high - low) : 0;
        int rows = ceilDiv(v.nz(), columns);
        BufferedImage img = new BufferedImage(columns * v.nx(), rows * v.ny(), BufferedImage.TYPE_BYTE_GRAY);
        var raster = img.getRaster();
        for (int z = 0; z < v.nz(); z++) {
            int ox = (z % columns) * v.nx();
            int oy = (z / columns) * v.ny();
            for (int y = 0; y < v.ny(); y++) {
                for (int x = 0; x < v.nx(); x++) {
                    int g = (int) Math.round((v.get(x, y, z) - low) * scale);
                    raster.setSample(ox + x, oy + y, 0, Math.max(0, Math.min(255, g)));
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
