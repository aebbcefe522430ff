package org.cryomine.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

class TiledSegmenterTest {

    /** A model that calls voxels below -1 class 1 (certainly), the rest class 0. */
    private static final class ThresholdModel implements TileModel {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public int classes() {
            return 2;
        }

        @Override
        public int[] tileSize() {
            return new int[] {8, 8, 8};
        }

        @Override
        public Volume[] probabilities(Volume tile) {
            calls.incrementAndGet();
            assertThat(tile.shape()).containsExactly(8, 8, 8);
            Volume p1 = Volume.zeros(8, 8, 8);
            for (int i = 0; i < p1.data().length; i++) {
                p1.data()[i] = tile.data()[i] < -1 ? 0.9f : 0.1f;
            }
            Volume p0 = Volume.zeros(8, 8, 8);
            for (int i = 0; i < p0.data().length; i++) {
                p0.data()[i] = 1 - p1.data()[i];
            }
            return new Volume[] {p0, p1};
        }
    }

    @Test
    void wholeTomogramIsCoveredAndVoxelwiseModelsAreReproducedExactly() {
        Volume tomo = Volume.fromFunction(21, 13, 9, (x, y, z) -> (x * 7 + y * 3 + z) % 5 == 0 ? -3f : 0f);
        ThresholdModel model = new ThresholdModel();
        Volume labels = new TiledSegmenter(model, 0.5).segment(tomo, ProgressListener.NONE);
        assertThat(labels.shape()).containsExactly(21, 13, 9);
        for (int i = 0; i < tomo.data().length; i++) {
            assertThat(labels.data()[i]).as("voxel %d", i).isEqualTo(tomo.data()[i] < -1 ? 1f : 0f);
        }
        // x starts 0,4,8,12,13 ; y starts 0,4,5 ; z starts 0,1
        assertThat(model.calls.get()).isEqualTo(5 * 3 * 2);
    }

    @Test
    void smallTomogramsAreMirroredIntoOneTile() {
        Volume tomo = Volume.filled(5, 5, 5, -2f);
        ThresholdModel model = new ThresholdModel();
        Volume labels = new TiledSegmenter(model, 0.5).segment(tomo, ProgressListener.NONE);
        assertThat(labels.statistics().min()).isEqualTo(1.0);
        assertThat(model.calls.get()).isEqualTo(1);
    }

    @Test
    void probabilitiesAreBlendedAndSumToOne() {
        Volume tomo = Volume.fromFunction(16, 16, 16, (x, y, z) -> x < 8 ? -3f : 0f);
        Volume[] p = new TiledSegmenter(new ThresholdModel(), 0.5).probabilities(tomo, ProgressListener.NONE);
        for (int i = 0; i < tomo.data().length; i++) {
            assertThat(p[0].data()[i] + p[1].data()[i]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
        }
        assertThat(p[1].get(2, 2, 2)).isCloseTo(0.9f, org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void boxModeSegmentsOnlyAroundTheCentres() {
        Volume tomo = Volume.filled(20, 20, 20, -3f);
        Volume labels = new TiledSegmenter(new ThresholdModel(), 0.5)
                .segmentBoxes(tomo, java.util.List.of(new int[] {4, 4, 4}), ProgressListener.NONE);
        assertThat(labels.get(0, 0, 0)).isEqualTo(1f);
        assertThat(labels.get(7, 7, 7)).isEqualTo(1f);
        assertThat(labels.get(8, 8, 8)).isZero();
        assertThat(labels.statistics().mean()).isCloseTo(512.0 / 8000, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void badOverlapIsRejected() {
        assertThatThrownBy(() -> new TiledSegmenter(new ThresholdModel(), 1.0)).hasMessageContaining("between 0 and 0.9");
    }

    @Test
    void flipsAreInvolutionsThatMoveVoxelsToTheMirrorPosition() {
        Volume v = Volume.fromFunction(3, 4, 5, (x, y, z) -> x + 10 * y + 100 * z);
        for (int f = 0; f < Flips.COUNT; f++) {
            assertThat(Flips.apply(Flips.apply(v, f), f).data()).isEqualTo(v.data());
        }
        assertThat(Flips.apply(v, 1).get(0, 1, 2)).isEqualTo(v.get(2, 1, 2));
        assertThat(Flips.apply(v, 6).get(0, 0, 0)).isEqualTo(v.get(0, 3, 4));
        assertThatThrownBy(() -> Flips.apply(v, 8)).hasMessageContaining("0 to 7");
    }
}
