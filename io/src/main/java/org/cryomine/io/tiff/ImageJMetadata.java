package org.cryomine.io.tiff;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Node;

/**
 * What the TIFF tags of the first page say about the volume: the ImageJ ImageDescription
 * ({@code images=, slices=, channels=, frames=, unit=, spacing=}), XResolution/YResolution (pixels per
 * unit), bits per sample and sample format.
 */
final class ImageJMetadata {

    final Map<String, String> imagej = new LinkedHashMap<>();
    double xResolution = Double.NaN;
    double yResolution = Double.NaN;
    int bitsPerSample = 8;
    int sampleFormat = 1;
    /** TIFF Compression tag (259): 1 none, 5 LZW, 8 deflate, 32773 PackBits, ... */
    int compression = 1;
    int samplesPerPixel = 1;

    static ImageJMetadata of(IIOMetadata metadata) {
        ImageJMetadata m = new ImageJMetadata();
        if (metadata == null) {
            return m;
        }
        Node root = metadata.getAsTree("com_sun_media_imageio_plugins_tiff_image_1.0");
        for (Node ifd = root.getFirstChild(); ifd != null; ifd = ifd.getNextSibling()) {
            for (Node field = ifd.getFirstChild(); field != null; field = field.getNextSibling()) {
                Node number = field.getAttributes() == null ? null : field.getAttributes().getNamedItem("number");
                if (number != null) {
                    m.field(Integer.parseInt(number.getNodeValue()), firstValue(field));
                }
            }
        }
        return m;
    }

    private void field(int tag, String value) {
        if (value == null) {
            return;
        }
        switch (tag) {
            case 258: bitsPerSample = parseInt(value, 8); break;
            case 277: samplesPerPixel = parseInt(value, 1); break;
            case 339: sampleFormat = parseInt(value, 1); break;
            case 259: compression = parseInt(value, 1); break;
            case 282: xResolution = rational(value); break;
            case 283: yResolution = rational(value); break;
            case 270:
                if (value.startsWith("ImageJ=")) {
                    for (String line : value.split("\n")) {
                        int eq = line.indexOf('=');
                        if (eq > 0) {
                            imagej.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                        }
                    }
                }
                break;
            default:
        }
    }

    private static String firstValue(Node field) {
        for (Node list = field.getFirstChild(); list != null; list = list.getNextSibling()) {
            Node item = list.getFirstChild();
            if (item != null && item.getAttributes() != null && item.getAttributes().getNamedItem("value") != null) {
                return item.getAttributes().getNamedItem("value").getNodeValue();
            }
        }
        return null;
    }

    private static int parseInt(String s, int fallback) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static double rational(String s) {
        try {
            int slash = s.indexOf('/');
            if (slash < 0) {
                return Double.parseDouble(s);
            }
            return Double.parseDouble(s.substring(0, slash)) / Double.parseDouble(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    int imagejInt(String key, int fallback) {
        return parseInt(imagej.getOrDefault(key, String.valueOf(fallback)), fallback);
    }

    /** Å per unit named by ImageJ's {@code unit=}, or NaN when the unit is unknown or "pixel". */
    double angstromPerUnit() {
        String unit = imagej.getOrDefault("unit", "").toLowerCase(Locale.ROOT).replace("\\u00b5", "µ");
        switch (unit) {
            case "nm": case "nanometer": case "nanometers": return 10;
            case "um": case "µm": case "micron": case "microns": case "micrometer": return 1e4;
            case "a": case "å": case "angstrom": case "angstroms": return 1;
            case "mm": return 1e7;
            default: return Double.NaN;
        }
    }

    /** Voxel edge in Å along x, y, z (0 where unknown): 1 / resolution and ImageJ's spacing, times the unit. */
    double[] voxelSizeAngstrom() {
        double unit = angstromPerUnit();
        double x = unit / xResolution;
        double y = unit / yResolution;
        double z = imagej.containsKey("spacing") ? unit * Double.parseDouble(imagej.get("spacing")) : x;
        return new double[] {clean(x), clean(y), clean(z)};
    }

    private static double clean(double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            return 0;
        }
        return Double.parseDouble(String.format(Locale.ROOT, "%.6g", v)); // rationals carry 32-bit noise
    }
}
