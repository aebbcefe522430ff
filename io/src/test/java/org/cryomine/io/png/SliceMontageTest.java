package org.cryomine.io.png;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.cryomine.core.Volume;
import org.cryomine.io.png.SliceMontage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SliceMontageTest {

    @TempDir
    Path dir;

    // value = x + 10 y + 100 z, so every pixel tells where it came from
    static final Volume V = Volume.fromFunction(4, 3, 5, (x, y, z) -> x + 10 * y + 100 * z);
    static final Window W = new Window(0, 510);

    static int grey(BufferedImage img, int x, int y) {
        return img.getRaster().getSample(x, y, 0);
    }

    @Test
    void zGridPlacesSlicesRowByRowWithGaps() {
        BufferedImage img = SliceMontage.zGrid(V, W, 2, 2, 1); // z = 0, 2, 4 in a 2-column grid
        assertThat(img.getWidth()).isEqualTo(2 * 4 + 1);
        assertThat(img.getHeight()).isEqualTo(2 * 3 + 1);
        assertThat(grey(img, 3, 2)).isEqualTo(W.grey(3 + 20));              // z=0, x=3, y=2
        assertThat(grey(img, 5 + 1, 0)).isEqualTo(W.grey(1 + 200));         // z=2, x=1, y=0
        assertThat(grey(img, 2, 4 + 1)).isEqualTo(W.grey(2 + 10 + 400));    // z=4, x=2, y=1
        assertThat(grey(img, 4, 0)).isEqualTo(SliceMontage.GAP_GREY);
        assertThat(W.grey(255)).isEqualTo(128);
    }

    @Test
    void orthogonalSlicesAreTheCentralOnes() {
        BufferedImage img = SliceMontage.orthogonal(V, W, 2);
        assertThat(img.getWidth()).isEqualTo((4 + 4 + 3) * 2 + 2);
        assertThat(img.getHeight()).isEqualTo(5 * 2);
        assertThat(grey(img, 3 * 2 + 1, 1 * 2 + 1)).isEqualTo(W.grey(3 + 10 + 200));       // XY at z=2
        assertThat(grey(img, 9 + 1 * 2, 4 * 2)).isEqualTo(W.grey(1 + 10 + 400));           // XZ at y=1
        assertThat(grey(img, 18 + 2 * 2, 3 * 2 + 1)).isEqualTo(W.grey(2 + 20 + 300));      // YZ at x=2
    }

    @Test
    void oneWindowGivesOneScaleAcrossPictures() {
        Volume brighter = Volume.fromFunction(4, 3, 5, (x, y, z) -> 2 * (x + 10 * y + 100 * z));
        BufferedImage a = SliceMontage.zGrid(V, W, 5, 1, 1);
        BufferedImage b = SliceMontage.zGrid(brighter, W, 5, 1, 1);
        // voxel value 20 is at (0, 2, 0) in V and at (0, 1, 0) in the brighter volume: same grey
        assertThat(grey(a, 0, 2)).isEqualTo(grey(b, 0, 1));
        // values beyond the window clamp to white
        assertThat(grey(b, 4 * 5 + 4 - 1, 0)).isEqualTo(255);
        assertThat(new Window(-1, 1).grey(Float.NaN)).isZero();
        assertThatThrownBy(() -> new Window(1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesPngThatReadsBack() throws IOException {
        BufferedImage img = SliceMontage.orthogonal(V, Window.of(V.statistics()), 1);
        Path file = dir.resolve("ortho.png");
        SliceMontage.writePng(img, file, false);
        BufferedImage back = ImageIO.read(file.toFile());
        assertThat(back.getWidth()).isEqualTo(img.getWidth());
        for (int x = 0; x < img.getWidth(); x++) {
            for (int y = 0; y < img.getHeight(); y++) {
                assertThat(grey(back, x, y)).isEqualTo(grey(img, x, y));
            }
        }
        assertThatThrownBy(() -> SliceMontage.writePng(img, file, false)).hasMessageContaining("exists");
        SliceMontage.writePng(img, file, true);
    }
}
