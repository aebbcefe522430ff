package org.cryomine.io.png;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Volume;
import org.cryomine.core.VolumeStatistics;
import org.cryomine.core.AtomicFiles;

/**
 * Grey-level pictures of a volume's slices with an explicit intensity window, so that several pictures
 * share one scale (a voxel value maps to the same grey in all of them): a grid of z-slices, or the three
 * orthogonal central slices. In every slice picture, x runs to the right and the first row is y = 0 (or
 * z = 0 for the XZ and YZ slices), as ImageJ shows a stack. Volumes are not modified.
 */
public final class SliceMontage {

    /** Grey of the gaps between slices. */
    static final int GAP_GREY = 0;

    private SliceMontage() {
    }

    /**
     * Intensity window: {@code min} maps to black (0), {@code max} to white (255), linearly in between,
     * values outside are clamped, NaN is black.
     */
    public record Window(double min, double max) {

        public Window {
            if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
                throw new IllegalArgumentException("window needs finite min < max, got [" + min + ", " + max + "]");
            }
        }

        /** min..max of the given statistics (e.g. of one volume, to use for several pictures). */
        public static Window of(VolumeStatistics s) {
            return s.max() > s.min() ? new Window(s.min(), s.max()) : new Window(s.min() - 0.5, s.min() + 0.5);
        }

        /** mean ± k rms of the given statistics. */
        public static Window meanPlusMinus(VolumeStatistics s, double k) {
            double half = k * s.rms() > 0 ? k * s.rms() : 0.5;
            return new Window(s.mean() - half, s.mean() + half);
        }

        int grey(float v) {
            if (Float.isNaN(v)) {
                return 0;
            }
            double g = Math.rint(255 * (v - min) / (max - min));
            return (int) Math.max(0, Math.min(255, g));
        }
    }

    /**
     * A grid of z-slices z = 0, step, 2 step, ... placed row by row, {@code columns} per row, each pixel
     * enlarged to {@code scale} x {@code scale}, with one-pixel black gaps.
     */
    public static BufferedImage zGrid(Volume v, Window window, int columns, int step, int scale) {
        Objects.requireNonNull(v, "volume");
        Objects.requireNonNull(window, "window");
        if (columns < 1 || step < 1 || scale < 1) {
            throw new IllegalArgumentException("columns, step and scale must be at least 1, got " + columns + ", "
                    + step + ", " + scale);
        }
        int count = (v.nz() + step - 1) / step;
        int cols = Math.min(columns, count);
        int rows = (count + cols - 1) / cols;
        int w = v.nx() * scale;
        int h = v.ny() * scale;
        BufferedImage img = blank((long) cols * (w + 1) - 1, (long) rows * (h + 1) - 1);
        WritableRaster r = img.getRaster();
        for (int k = 0; k < count; k++) {
            int z = k * step;
            int ox = (k % cols) * (w + 1);
            int oy = (k / cols) * (h + 1);
            for (int y = 0; y < v.ny(); y++) {
                for (int x = 0; x < v.nx(); x++) {
                    fill(r, ox + x * scale, oy + y * scale, scale, window.grey(v.get(x, y, z)));
                }
            }
        }
        return img;
    }

    /**
     * The three central slices side by side: XY at z = nz/2 (nx wide, ny high), XZ at y = ny/2 (nx wide,
     * nz high) and YZ at x = nx/2 (ny wide, nz high), each pixel enlarged to {@code scale} x {@code scale}.
     */
    public static BufferedImage orthogonal(Volume v, Window window, int scale) {
        Objects.requireNonNull(v, "volume");
        Objects.requireNonNull(window, "window");
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, got " + scale);
        }
        int cx = v.nx() / 2;
        int cy = v.ny() / 2;
        int cz = v.nz() / 2;
        long width = (long) (2 * v.nx() + v.ny()) * scale + 2;
        long height = (long) Math.max(v.ny(), v.nz()) * scale;
        BufferedImage img = blank(width, height);
        WritableRaster r = img.getRaster();
        int ox2 = v.nx() * scale + 1;
        int ox3 = 2 * v.nx() * scale + 2;
        for (int y = 0; y < v.ny(); y++) {
            for (int x = 0; x < v.nx(); x++) {
                fill(r, x * scale, y * scale, scale, window.grey(v.get(x, y, cz)));
            }
        }
        for (int z = 0; z < v.nz(); z++) {
            for (int x = 0; x < v.nx(); x++) {
                fill(r, ox2 + x * scale, z * scale, scale, window.grey(v.get(x, cy, z)));
            }
            for (int y = 0; y < v.ny(); y++) {
                fill(r, ox3 + y * scale, z * scale, scale, window.grey(v.get(cx, y, z)));
            }
        }
        return img;
    }

    private static BufferedImage blank(long width, long height) {
        if (width > 30_000 || height > 30_000) {
            throw new IllegalArgumentException("picture of " + width + "x" + height + " pixels is too large; "
                    + "use a larger step, fewer columns or a smaller scale");
        }
        return new BufferedImage((int) width, (int) height, BufferedImage.TYPE_BYTE_GRAY);
    }

    private static void fill(WritableRaster r, int x0, int y0, int scale, int grey) {
        for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
                r.setSample(x0 + dx, y0 + dy, 0, grey);
            }
        }
    }

    /** Writes {@code image} as PNG through a temporary file and a rename; never overwrites unless asked. */
    public static void writePng(BufferedImage image, Path file, boolean overwrite) {
        Objects.requireNonNull(image, "image");
        AtomicFiles.write(file, overwrite, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new CryomineException("no PNG writer available in javax.imageio");
            }
        });
    }
}
