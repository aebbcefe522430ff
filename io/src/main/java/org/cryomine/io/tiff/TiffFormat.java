package org.cryomine.io.tiff;

import java.awt.Rectangle;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VolumeStatistics;
import org.cryomine.io.ByteSource;
import org.cryomine.io.DataType;
import org.cryomine.io.ReadOptions;
import org.cryomine.io.StackKind;
import org.cryomine.io.VolumeFormat;
import org.cryomine.io.VolumeFormatException;
import org.cryomine.io.VolumeHeader;

/**
 * Multi-page grey-level TIFF stacks (ImageJ hyperstacks), read with TwelveMonkeys imageio-tiff: page k
 * is the slice z = k, image row j is y = j (top row first, as ImageJ shows it). Voxel size from the
 * XResolution / YResolution tags and ImageJ's {@code spacing=} and {@code unit=}. 8- and 16-bit integer
 * and 32-bit float samples. Read-only. Multi-channel or multi-frame hyperstacks are reported as volume
 * stacks.
 */
public final class TiffFormat implements VolumeFormat {

    /** Largest compression ratio taken as plausible (LZW, the best of TIFF's usual codecs, stays under 2730:1). */
    private static final long MAX_RATIO = 4096;

    /** ImageIO's plugins, scanned on the first TIFF read only (not when the formats are listed: that is 0.1 s of every command). */
    private static final class Plugins {
        static {
            ImageIO.scanForPlugins();
        }

        static void scanned() {
            // loading this class scanned them
        }
    }

    @Override
    public String id() {
        return "tiff";
    }

    @Override
    public List<String> extensions() {
        return List.of("tif", "tiff");
    }

    @Override
    public boolean probe(byte[] b) {
        if (b.length < 4) {
            return false;
        }
        boolean intel = b[0] == 'I' && b[1] == 'I' && (b[2] == 42 || b[2] == 43) && b[3] == 0;
        boolean motorola = b[0] == 'M' && b[1] == 'M' && b[2] == 0 && (b[3] == 42 || b[3] == 43);
        return intel || motorola;
    }

    /** An open TIFF: its reader, page count and first-page metadata. */
    private static final class Open implements AutoCloseable {
        final ImageInputStream in;
        final ImageReader reader;
        final int pages;
        final ImageJMetadata meta;
        final long size;

        Open(Path file) throws IOException {
            byte[] bytes;
            try (ByteSource source = ByteSource.open(file)) {
                if (source.size() > Integer.MAX_VALUE - 16) {
                    throw new VolumeFormatException(file, "TIFF files over 2 GiB are not supported; convert to MRC");
                }
                size = source.size();
                bytes = new byte[(int) size];
                source.read(0, bytes, 0, bytes.length);
            }
            Plugins.scanned();
            in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes));
            reader = tiffReader(file);
            reader.setInput(in, false, false);
            pages = reader.getNumImages(true);
            if (pages < 1) {
                throw new VolumeFormatException(file, "TIFF file has no images");
            }
            meta = ImageJMetadata.of(reader.getImageMetadata(0));
        }

        @Override
        public void close() throws IOException {
            reader.dispose();
            in.close();
        }
    }

    private static ImageReader tiffReader(Path file) {
        ImageReader fallback = null;
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("tiff"); it.hasNext(); ) {
            ImageReader r = it.next();
            if (r.getClass().getName().startsWith("com.twelvemonkeys")) {
                return r;
            }
            fallback = fallback == null ? r : fallback;
        }
        if (fallback == null) {
            throw new VolumeFormatException(file, "no TIFF reader on the class path (TwelveMonkeys imageio-tiff)");
        }
        return fallback;
    }

    @Override
    public VolumeHeader readHeader(Path file, ReadOptions options) {
        try (Open t = new Open(file)) {
            return header(file, t);
        } catch (IOException | RuntimeException e) {
            throw wrap(file, e);
        }
    }

    private static VolumeHeader header(Path file, Open t) throws IOException {
        int nx = t.reader.getWidth(0);
        int ny = t.reader.getHeight(0);
        ImageJMetadata m = t.meta;
        if (m.samplesPerPixel != 1) {
            throw new VolumeFormatException(file, "TIFF has " + m.samplesPerPixel + " samples per pixel (colour?); "
                    + "cryomine reads grey-level stacks only");
        }
        DataType type;
        if (m.bitsPerSample == 8) {
            type = m.sampleFormat == 2 ? DataType.INT8 : DataType.UINT8;
        } else if (m.bitsPerSample == 16) {
            type = m.sampleFormat == 2 ? DataType.INT16 : DataType.UINT16;
        } else if (m.bitsPerSample == 32 && m.sampleFormat == 3) {
            type = DataType.FLOAT32;
        } else {
            throw new VolumeFormatException(file, "TIFF with " + m.bitsPerSample + "-bit samples (format " + m.sampleFormat
                    + ") is not supported; use 8/16-bit integers or 32-bit floats");
        }
        // pages' sizes come from the file: refuse a header that claims far more than the file can hold before
        // anything is allocated (no compression TIFF uses beats about 2700:1, LZW's limit)
        long voxels = (long) nx * ny * t.pages;
        long bound = (m.compression == 1 ? t.size : t.size * MAX_RATIO) / (m.bitsPerSample / 8);
        if (voxels > Math.max(bound, 1L << 16)) {
            throw new VolumeFormatException(file, "TIFF pages of " + nx + "x" + ny + " (" + t.pages + " pages, "
                    + m.bitsPerSample + "-bit, compression " + m.compression + ") need more data than the " + t.size
                    + "-byte file can hold: a corrupt file");
        }
        boolean hyper = m.imagejInt("channels", 1) > 1 || m.imagejInt("frames", 1) > 1;
        double[] vs = m.voxelSizeAngstrom();
        double nan = Double.NaN;
        return new VolumeHeader("tiff", nx, ny, t.pages, type, -1, new Vec3(vs[0], vs[1], vs[2]), Vec3.ZERO, List.of(),
                new VolumeStatistics(nan, nan, nan, nan), hyper ? StackKind.VOLUME_STACK : StackKind.VOLUME,
                false, 0, "", -1, 0, List.of(1, 2, 3));
    }

    @Override
    public Volume read(Path file, ReadOptions options) {
        VolumeHeader h = readHeader(file, options);
        return readRegion(file, options, 0, 0, 0, h.nx(), h.ny(), h.nz());
    }

    @Override
    public Volume readRegion(Path file, ReadOptions options, int x0, int y0, int z0, int sx, int sy, int sz) {
        try (Open t = new Open(file)) {
            VolumeHeader h = header(file, t);
            if (h.stackKind() != StackKind.VOLUME && !options.allowStacks()) {
                throw new VolumeFormatException(file, "is an ImageJ hyperstack with several channels or frames, not a "
                        + "single volume; read it with ReadOptions.allowStacks to take all pages as z");
            }
            if (x0 < 0 || y0 < 0 || z0 < 0 || sx < 1 || sy < 1 || sz < 1 || (long) x0 + sx > h.nx()
                    || (long) y0 + sy > h.ny() || (long) z0 + sz > h.nz()) {
                throw new IllegalArgumentException("region at (" + x0 + ", " + y0 + ", " + z0 + ") of " + sx + "x" + sy
                        + "x" + sz + " is not inside the " + h.nx() + "x" + h.ny() + "x" + h.nz() + " volume of " + file);
            }
            float[] out = new float[Volume.voxelCount(sx, sy, sz)];
            float[] slice = new float[sx * sy];
            ImageReadParam param = t.reader.getDefaultReadParam();
            param.setSourceRegion(new Rectangle(x0, y0, sx, sy));
            for (int z = 0; z < sz; z++) {
                if (t.reader.getWidth(z0 + z) != h.nx() || t.reader.getHeight(z0 + z) != h.ny()) {
                    throw new VolumeFormatException(file, "TIFF page " + (z0 + z) + " is " + t.reader.getWidth(z0 + z) + "x"
                            + t.reader.getHeight(z0 + z) + " but page 0 is " + h.nx() + "x" + h.ny());
                }
                Raster raster = t.reader.readRaster(z0 + z, param);
                raster.getSamples(raster.getMinX(), raster.getMinY(), sx, sy, 0, slice);
                System.arraycopy(slice, 0, out, z * sx * sy, sx * sy);
            }
            var vs = h.voxelSizeOrDefault();
            return Volume.wrap(out, sx, sy, sz, vs, new Vec3(x0 * vs.x(), y0 * vs.y(), z0 * vs.z()));
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException && !(e instanceof NumberFormatException)
                    && e.getMessage() != null && e.getMessage().contains("not inside")) {
                throw (IllegalArgumentException) e;
            }
            throw wrap(file, e);
        }
    }

    private static VolumeFormatException wrap(Path file, Exception e) {
        if (e instanceof VolumeFormatException) {
            return (VolumeFormatException) e;
        }
        return new VolumeFormatException(file, "cannot read TIFF: " + e, e);
    }
}
