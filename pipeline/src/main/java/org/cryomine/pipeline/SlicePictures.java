package org.cryomine.pipeline;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.cryomine.core.Volume;
import org.cryomine.io.png.SliceMontage;

/** PNG bytes of a subvolume's three orthogonal central slices on a given intensity window. */
final class SlicePictures {

    private static final int SCALE = 3;

    private SlicePictures() {
    }

    static byte[] png(Volume v, double low, double high) {
        BufferedImage img = SliceMontage.orthogonal(v, new SliceMontage.Window(low, high), SCALE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
