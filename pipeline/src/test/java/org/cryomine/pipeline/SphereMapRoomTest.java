package org.cryomine.pipeline;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cryomine.core.CryomineException;
import org.junit.jupiter.api.Test;

/** {@code train-seg --complete-spheres} refuses, before allocating, a tomogram whose label map would not fit. */
class SphereMapRoomTest {

    @Test
    void aMapOverHalfTheHeapOrBeyondAVolumesSizeIsRefusedWithTheWayOut() {
        // 256x256x96 voxels at 8 bytes: 50 MB
        assertThatCode(() -> SegmentationTraining.requireRoomForSphereMap(256, 256, 96, 1L << 30)).doesNotThrowAnyException();
        assertThatThrownBy(() -> SegmentationTraining.requireRoomForSphereMap(256, 256, 96, 80_000_000L))
                .isInstanceOf(CryomineException.class).hasMessageContaining("256x256x96")
                .hasMessageContaining("-Xmx").hasMessageContaining("leave --complete-spheres out");
        assertThatThrownBy(() -> SegmentationTraining.requireRoomForSphereMap(4096, 4096, 512, Long.MAX_VALUE))
                .isInstanceOf(CryomineException.class);
    }
}
