package org.cryomine.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Counting a label's voxels; the expected counts follow from the volume's definition. */
class LabelsTest {

    @Test
    void countsTheVoxelsOfOneLabelOnly() {
        // 4 x 3 x 2 = 24 voxels labelled by x: six voxels each of 0, 1, 2 and -1 (x = 3)
        Volume v = Volume.fromFunction(4, 3, 2, (x, y, z) -> x == 3 ? Labels.UNKNOWN : x);
        assertThat(Labels.count(v, 1)).isEqualTo(6);
        assertThat(Labels.count(v, Labels.BACKGROUND)).isEqualTo(6);
        assertThat(Labels.count(v, Labels.UNKNOWN)).isEqualTo(6);
        assertThat(Labels.count(v, 5)).isZero();
        assertThat(v.get(1, 0, 0)).as("not modified").isEqualTo(1f);
    }
}
