package org.cryomine.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

class GroundTruthClassesTest {

    @Test
    void centreLabelWinsThenTheMostFrequentNearbyLabel() {
        // a sheet of label 1 at x = 5 and a blob of label 2 around (10, 5, 5)
        Volume labels = Volume.fromFunction(16, 11, 11, (x, y, z) -> {
            if (x == 5) {
                return 1;
            }
            double d = Math.sqrt((x - 10) * (x - 10) + (y - 5) * (y - 5) + (z - 5) * (z - 5));
            return d <= 2 ? 2 : 0;
        });
        assertThat(GroundTruthClasses.classAt(labels, 5, 3, 3, 2)).isEqualTo(1);
        assertThat(GroundTruthClasses.classAt(labels, 10, 5, 5, 0)).isEqualTo(2);
        // within 2 of (7, 5, 5): one sheet voxel (5, 5, 5) but two blob voxels (8, 5, 5) and (9, 5, 5)
        assertThat(GroundTruthClasses.classAt(labels, 7, 5, 5, 2)).isEqualTo(2);
        assertThat(GroundTruthClasses.classAt(labels, 6, 9, 9, 1)).isEqualTo(1);
        assertThat(GroundTruthClasses.classAt(labels, 7, 9, 9, 1)).isZero();
        assertThat(GroundTruthClasses.classAt(labels, 13, 5, 5, 2)).isEqualTo(2);
        assertThat(GroundTruthClasses.classAt(labels, 40, 5, 5, 2)).isZero();
    }
}
