package org.cryomine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.cryomine.core.CryomineException;
import org.cryomine.segmentation.Selection;
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

    @Test
    void membraneGroupsJoinTheNamedGroupsUnlessTheRunCannotHaveThemCompleted() {
        Selection selection = Selection.parse(List.of("vesicles=1", "ribosome=2", "envelope=3"))
                .withKind("envelope", Selection.Kind.MEMBRANE);
        SegTrainSettings on = SegTrainSettings.recommended().withCompleteMembranes(true);
        assertThat(SegmentationTraining.sphereGroups(on, selection, "")).containsExactly("vesicles", "envelope");
        assertThat(SegmentationTraining.sphereGroups(on.withSphereGroups(List.of("ribosome", "envelope")), selection, ""))
                .as("once each").containsExactly("ribosome", "envelope", "vesicles");
        assertThat(SegmentationTraining.sphereGroups(on, selection, "the run holds 4 tomograms"))
                .as("the recipe's completion gives way").isEmpty();
        assertThat(SegmentationTraining.sphereGroups(on.withSphereGroups(List.of("ribosome")), selection,
                "the run holds 4 tomograms")).as("named groups still fail later, with their own error")
                .containsExactly("ribosome");
        assertThat(SegmentationTraining.sphereGroups(on.withCompleteMembranes(false), selection, "")).isEmpty();
        assertThat(SegmentationTraining.roomForSphereMap(256, 256, 96, 1L << 30)).isTrue();
        assertThat(SegmentationTraining.roomForSphereMap(256, 256, 96, 80_000_000L)).isFalse();
    }
}
