package org.cryomine.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

class LabelEmbedderTest {

    /** A 4^3 image, dark (-3) in a 2^3 core and 0 elsewhere. */
    private static Volume darkCore() {
        return Volume.fromFunction(4, 4, 4, (x, y, z) -> x >= 1 && x <= 2 && y >= 1 && y <= 2 && z >= 1 && z <= 2 ? -3f : 0f);
    }

    @Test
    void denseVoxelsArePastedAtTheBoxPosition() {
        DensityThreshold t = new DensityThreshold(1.0, 0, 1, true);
        Volume labels = new LabelEmbedder(t).embed(10, 10, 10, List.of(new Placement(5, 5, 5, darkCore(), 2)), null);
        // box starts at 5 - 4/2 = 3; the core is at box 1..2, so tomogram 4..5
        assertThat(labels.get(4, 4, 4)).isEqualTo(2f);
        assertThat(labels.get(5, 5, 5)).isEqualTo(2f);
        assertThat(labels.get(3, 3, 3)).isZero();
        assertThat(labels.get(6, 5, 5)).isZero();
        float total = 0;
        for (float v : labels.data()) {
            total += v;
        }
        assertThat(total).isEqualTo(8 * 2f);
    }

    @Test
    void levelAndContrastDecideWhatIsDense() {
        Volume img = darkCore();
        assertThat(new LabelEmbedder(new DensityThreshold(3.5, 0, 1, true))
                .embed(4, 4, 4, List.of(new Placement(2, 2, 2, img, 1)), null).statistics().max()).isZero();
        // inverted contrast: the dark core is not dense, nothing is pasted
        assertThat(new LabelEmbedder(new DensityThreshold(1, 0, 1, false))
                .embed(4, 4, 4, List.of(new Placement(2, 2, 2, img, 1)), null).statistics().max()).isZero();
        // std 4: -3 is 0.75 sd below the mean, under a level of 1
        assertThat(new LabelEmbedder(new DensityThreshold(1, 0, 4, true))
                .embed(4, 4, 4, List.of(new Placement(2, 2, 2, img, 1)), null).statistics().max()).isZero();
    }

    @Test
    void overlapsGoToTheDensestImageAndEdgesAreClipped() {
        Volume faint = Volume.filled(4, 4, 4, -2f);
        Volume strong = Volume.filled(4, 4, 4, -5f);
        DensityThreshold t = new DensityThreshold(1, 0, 1, true);
        Volume a = new LabelEmbedder(t).embed(6, 6, 6,
                List.of(new Placement(2, 2, 2, faint, 1), new Placement(3, 3, 3, strong, 2)), null);
        Volume b = new LabelEmbedder(t).embed(6, 6, 6,
                List.of(new Placement(3, 3, 3, strong, 2), new Placement(2, 2, 2, faint, 1)), null);
        assertThat(a.data()).isEqualTo(b.data());
        assertThat(a.get(0, 0, 0)).isEqualTo(1f);
        assertThat(a.get(2, 2, 2)).isEqualTo(2f);
        // a box hanging over the edge paints only the inside part
        Volume c = new LabelEmbedder(t).embed(6, 6, 6, List.of(new Placement(0, 0, 0, strong, 3)), null);
        assertThat(c.get(0, 0, 0)).isEqualTo(3f);
        assertThat(c.get(2, 2, 2)).isZero();
    }

    @Test
    void eachLabelCanHaveItsOwnLevel() {
        // the core is 3 standard deviations dense: label 1 at level 3.5 paints nothing, label 2 at level 2 paints it;
        // label 3, beyond the list, takes the threshold's level 1
        DensityThreshold t = new DensityThreshold(1, 0, 1, true);
        LabelEmbedder e = new LabelEmbedder(t, List.of(3.5, 2.0));
        assertThat(e.embed(4, 4, 4, List.of(new Placement(2, 2, 2, darkCore(), 1)), null).statistics().max()).isZero();
        assertThat(e.embed(4, 4, 4, List.of(new Placement(2, 2, 2, darkCore(), 2)), null).get(1, 1, 1)).isEqualTo(2f);
        assertThat(e.embed(4, 4, 4, List.of(new Placement(2, 2, 2, darkCore(), 3)), null).get(1, 1, 1)).isEqualTo(3f);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LabelEmbedder(t, List.of(Double.NaN)))
                .hasMessageContaining("finite");
    }
}
