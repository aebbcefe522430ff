package org.cryomine.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

class PieceSizesTest {

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

        assertThat(PieceSizes.removeSmaller(labels.copy(), 1, 1000, true)).as("the specks go, the 125-voxel cube stays")
                .isEqualTo(2);
        assertThat(PieceSizes.removeSmaller(labels, 1, 3)).isEqualTo(2);
        assertThat(labels.get(15, 15, 15)).isZero();
        assertThat(labels.get(16, 16, 16)).isZero();
        assertThat(labels.get(4, 4, 4)).isEqualTo(1f);
        assertThat(labels.get(10, 10, 10)).as("another label").isEqualTo(2f);

        assertThat(PieceSizes.removeSmaller(labels, 1, 125)).as("exactly the minimum stays").isZero();
        assertThat(PieceSizes.removeSmaller(labels.copy(), 1, 126, true)).as("the largest piece stays").isZero();
        assertThat(PieceSizes.removeSmaller(labels, 1, 126)).isEqualTo(125);
        assertThat(labels.statistics().max()).isEqualTo(2.0);
        assertThatThrownBy(() -> PieceSizes.removeSmaller(labels, 1, 0)).hasMessageContaining("at least 1 voxel");
    }

    @Test
    void piecesLargerThanTheMaximumBecomeBackgroundAndOtherLabelsStay() {
        Volume labels = Volume.zeros(20, 20, 20);
        // label 1: a 4x4x4 cube (64 voxels) and a corner-connected pair; label 2: a 4x4x4 cube
        for (int z = 2; z < 6; z++) {
            for (int y = 2; y < 6; y++) {
                for (int x = 2; x < 6; x++) {
                    labels.set(x, y, z, 1);
                    labels.set(x + 10, y + 10, z + 10, 2);
                }
            }
        }
        labels.set(8, 8, 8, 1);
        labels.set(9, 9, 9, 1);
        assertThat(PieceSizes.removeLarger(labels, 1, 64)).as("exactly the maximum stays").isZero();
        assertThat(PieceSizes.removeLarger(labels, 1, 63)).isEqualTo(64);
        assertThat(labels.get(3, 3, 3)).isZero();
        assertThat(labels.get(8, 8, 8)).as("the small piece stays").isEqualTo(1f);
        assertThat(labels.get(13, 13, 13)).as("another label").isEqualTo(2f);
        assertThatThrownBy(() -> PieceSizes.removeLarger(labels, 1, 0)).hasMessageContaining("at least 1 voxel");
    }
}
