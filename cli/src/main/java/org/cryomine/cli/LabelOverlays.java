package org.cryomine.cli;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.cryomine.core.Volume;
import org.cryomine.io.png.SliceMontage;

/**
 * Three orthogonal central slices of a tomogram (mean +- 3 standard deviations, dense dark) with a label
 * map overlaid in colour: label 1 red, 2 green, 3 blue, 4 yellow, 5 magenta, more cycle.
 */
final class LabelOverlays {

    private static final int[] COLOURS = {0xE6194B, 0x3CB44B, 0x4363D8, 0xFFE119, 0xF032E6, 0x46F0F0};
    private static final double ALPHA = 0.5;

    private LabelOverlays() {
    }

    /** {@code labels.mrc} -> {@code labels.png} beside it. */
    static Path pngBeside(Path labels) {
        String name = labels.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return labels.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".png");
    }

    static BufferedImage render(Volume tomogram, Volume labels) {
        if (tomogram.nx() != labels.nx() || tomogram.ny() != labels.ny() || tomogram.nz() != labels.nz()) {
            throw new IllegalArgumentException("label map " + labels + " does not match tomogram " + tomogram);
        }
        BufferedImage grey = SliceMontage.orthogonal(tomogram, SliceMontage.Window.meanPlusMinus(tomogram.statistics(), 3), 1);
        // labels drawn with the same layout; window 0..255 keeps the label value as the grey level
        BufferedImage lab = SliceMontage.orthogonal(labels, new SliceMontage.Window(0, 255), 1);
        BufferedImage out = new BufferedImage(grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < grey.getHeight(); y++) {
            for (int x = 0; x < grey.getWidth(); x++) {
                int g = grey.getRaster().getSample(x, y, 0);
                int l = lab.getRaster().getSample(x, y, 0);
                int rgb = (g << 16) | (g << 8) | g;
                if (l > 0) {
                    rgb = blend(rgb, COLOURS[(l - 1) % COLOURS.length]);
                }
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }

    static void write(Volume tomogram, Volume labels, Path png, boolean overwrite) {
        SliceMontage.writePng(render(tomogram, labels), png, overwrite);
    }

    private static int blend(int a, int b) {
        int r = (int) ((1 - ALPHA) * ((a >> 16) & 255) + ALPHA * ((b >> 16) & 255));
        int g = (int) ((1 - ALPHA) * ((a >> 8) & 255) + ALPHA * ((b >> 8) & 255));
        int bl = (int) ((1 - ALPHA) * (a & 255) + ALPHA * (b & 255));
        return (r << 16) | (g << 8) | bl;
    }
}
