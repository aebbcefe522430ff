package org.cryomine.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

class SmallComponentsTest {

    @Test
    void piecesSmallerThanTheMinimumBecomeBackgroundAndOtherLabelsStay() {
        Volume labels = Volume.zeros(20, 20, 20);
        // a 5x5x5 cube of label 1 (125 voxels), a diagonal pair of label 1 (2 voxels, corner-connected),
        // a single voxel of label 2
        for (int z = 2; z < 7; z++) {
            for (int y = 2; y < 7; y++) {
                for (int x = 2; x < 7; x++) {
                    labels.set(x, y, z, 1);
                }
            }
        }
        labels.set(15, 15, 15, 1);
        labels.set(16, 16, 16, 1);
        labels.set(10, 10, 10, 2);

        assertThat(SmallComponents.remove(labels.copy(), 1, 1000, true)).as("the specks go, the 125-voxel cube stays")
                .isEqualTo(2);
        assertThat(SmallComponents.remove(labels, 1, 3)).isEqualTo(2);
        assertThat(labels.get(15, 15, 15)).isZero();
        assertThat(labels.get(16, 16, 16)).isZero();
        assertThat(labels.get(4, 4, 4)).isEqualTo(1f);
        assertThat(labels.get(10, 10, 10)).as("another label").isEqualTo(2f);

        assertThat(SmallComponents.remove(labels, 1, 125)).as("exactly the minimum stays").isZero();
        assertThat(SmallComponents.remove(labels.copy(), 1, 126, true)).as("the largest piece stays").isZero();
        assertThat(SmallComponents.remove(labels, 1, 126)).isEqualTo(125);
        assertThat(labels.statistics().max()).isEqualTo(2.0);
        assertThatThrownBy(() -> SmallComponents.remove(labels, 1, 0)).hasMessageContaining("at least 1 voxel");
    }
}
