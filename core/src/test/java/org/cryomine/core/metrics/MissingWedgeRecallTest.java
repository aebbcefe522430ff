package org.cryomine.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

class MissingWedgeRecallTest {

    @Test
    void splitsRecallByTheNormalsDirection() {
        // 3-voxel sheets across a 40^3 volume: lying flat (normal along z: in the wedge of a +-60 degree tilt about
        // y) or upright (normal along x: outside); the prediction holds only the upright one
        Volume flat = Volume.fromFunction(40, 40, 40, (x, y, z) -> z >= 9 && z <= 11 ? 1f : 0f);
        Volume upright = Volume.fromFunction(40, 40, 40, (x, y, z) -> x >= 29 && x <= 31 ? 1f : 0f);
        MissingWedgeRecall missed = MissingWedgeRecall.of(upright, 1, flat, 1, 60);
        assertThat(missed.inWedgeVoxels()).isEqualTo(3L * 40 * 40);
        assertThat(missed.outsideVoxels()).isZero();
        assertThat(missed.inWedgeRecall()).isEqualTo(3.0 / 40); // only where the two sheets cross
        assertThat(missed.outsideRecall()).isNaN();
        MissingWedgeRecall found = MissingWedgeRecall.of(upright, 1, upright, 1, 60);
        assertThat(found.outsideVoxels()).isEqualTo(3L * 40 * 40);
        assertThat(found.inWedgeVoxels()).isZero();
        assertThat(found.outsideRecall()).isEqualTo(1.0);
        assertThat(found.outsideIou()).isEqualTo(1.0);
        // a sheet tilted 45 degrees about y (normal (1, 0, 1)/sqrt 2) is outside a +-60 degree wedge but inside a
        // +-30 degree one (|kx| < |kz| tan 60)
        Volume tilted = Volume.fromFunction(40, 40, 40, (x, y, z) -> Math.abs(x + z - 40) <= 1 ? 1f : 0f);
        MissingWedgeRecall wide = MissingWedgeRecall.of(tilted, 1, tilted, 1, 60);
        MissingWedgeRecall narrow = MissingWedgeRecall.of(tilted, 1, tilted, 1, 30);
        assertThat(wide.outsideVoxels()).isGreaterThan(9 * wide.inWedgeVoxels());
        assertThat(narrow.inWedgeVoxels()).isGreaterThan(9 * narrow.outsideVoxels());
        assertThat(narrow.inWedgeRecall()).isEqualTo(1.0);
    }

    @Test
    void iouOutsideTheWedgeNeitherRewardsNorPenalisesTheHiddenTruth() {
        // truth: a flat half-sheet (normal along z: hidden by a +-60 degree tilt about y) and an upright half-sheet
        // (normal along x: visible) that do not touch; each 3 x 40 x 20 or 16 voxels
        Volume truth = Volume.fromFunction(40, 40, 40, (x, y, z) ->
                (z >= 9 && z <= 11 && x <= 15) || (x >= 29 && x <= 31 && z >= 20) ? 1f : 0f);
        Volume upright = Volume.fromFunction(40, 40, 40, (x, y, z) -> x >= 29 && x <= 31 && z >= 20 ? 1f : 0f);
        MissingWedgeRecall visibleOnly = MissingWedgeRecall.of(upright, 1, truth, 1, 60);
        // overall IoU would be 2400 / (2400 + 1920) = 0.56; the hidden sheet's missed voxels do not count, except
        // near its cut edge at x = 15, whose normal points along x (about 240 voxels: 2400 / 2640 = 0.91)
        assertThat(visibleOnly.outsideIou()).isGreaterThan(0.85);
        // predicting the hidden sheet too changes nothing outside the wedge
        MissingWedgeRecall all = MissingWedgeRecall.of(truth, 1, truth, 1, 60);
        assertThat(all.outsideIou()).isEqualTo(1.0);
        // a false upright half-sheet of the same size halves it
        Volume withFalse = Volume.fromFunction(40, 40, 40, (x, y, z) ->
                (x >= 29 && x <= 31 || x >= 20 && x <= 22) && z >= 20 ? 1f : 0f);
        assertThat(MissingWedgeRecall.of(withFalse, 1, truth, 1, 60).outsideIou()).isCloseTo(0.5, within(0.03));
        // no visible truth: undefined
        Volume flat = Volume.fromFunction(40, 40, 40, (x, y, z) -> z >= 9 && z <= 11 ? 1f : 0f);
        assertThat(MissingWedgeRecall.of(upright, 1, flat, 1, 60).outsideIou()).isNaN();
    }

    @Test
    void rejectsMismatchedMapsAndBadTilts() {
        Volume a = Volume.zeros(4, 4, 4);
        assertThatThrownBy(() -> MissingWedgeRecall.of(a, 1, Volume.zeros(4, 4, 5), 1, 60)).hasMessageContaining("size");
        assertThatThrownBy(() -> MissingWedgeRecall.of(a, 1, a, 1, 0)).hasMessageContaining("tilt");
        assertThat(MissingWedgeRecall.of(a, 1, a, 1, 60).inWedgeRecall()).isNaN();
    }
}
