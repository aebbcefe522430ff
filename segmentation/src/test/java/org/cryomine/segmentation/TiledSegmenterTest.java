package org.cryomine.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
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
    void theMapsHoldTheLabelsAndTheProbabilitiesTheyWereTakenFrom() {
        Volume tomo = Volume.fromFunction(16, 16, 16, (x, y, z) -> x < 8 ? -3f : 0f).withVoxelSize(new VoxelSize(3, 3, 4));
        TiledSegmenter s = new TiledSegmenter(new ThresholdModel(), 0.5, 0.25);
        TiledSegmenter.Maps maps = s.segmentWithProbabilities(tomo, ProgressListener.NONE);
        assertThat(maps.labels().data()).containsExactly(s.segment(tomo, ProgressListener.NONE).data());
        Volume[] p = s.probabilities(tomo, ProgressListener.NONE);
        assertThat(maps.probabilities()).hasSize(2);
        for (int c = 0; c < 2; c++) {
            assertThat(maps.probabilities()[c].data()).containsExactly(p[c].data());
            assertThat(maps.probabilities()[c].voxelSize()).isEqualTo(tomo.voxelSize());
        }
        for (int i = 0; i < tomo.voxelCount(); i++) {
            assertThat(maps.labels().data()[i]).isEqualTo(p[1].data()[i] > p[0].data()[i] ? 1f : 0f);
        }

        // boxes: outside every box, background with probability 1
        Volume dense = Volume.filled(20, 20, 20, -3f);
        TiledSegmenter.Maps boxes = new TiledSegmenter(new ThresholdModel(), 0.5)
                .segmentBoxesWithProbabilities(dense, java.util.List.of(new int[] {4, 4, 4}), ProgressListener.NONE);
        assertThat(boxes.labels().data()).containsExactly(new TiledSegmenter(new ThresholdModel(), 0.5)
                .segmentBoxes(dense, java.util.List.of(new int[] {4, 4, 4}), ProgressListener.NONE).data());
        assertThat(boxes.probabilities()[1].get(2, 2, 2)).isCloseTo(0.9f, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(boxes.probabilities()[0].get(15, 15, 15)).isEqualTo(1f);
        assertThat(boxes.probabilities()[1].get(15, 15, 15)).isZero();
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

    /** A model right inside its tiles and wrong (class 1) on their faces. */
    private static final class FaceBlindModel implements TileModel {
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
            Volume p1 = Volume.fromFunction(8, 8, 8, (x, y, z) -> Math.min(Math.min(Math.min(x, 7 - x),
                    Math.min(y, 7 - y)), Math.min(z, 7 - z)) < 1 ? 1f : 0f);
            Volume p0 = Volume.fromFunction(8, 8, 8, (x, y, z) -> 1 - p1.get(x, y, z));
            return new Volume[] {p0, p1};
        }
    }

    @Test
    void aMarginStartsTilesBeforeTheFacesSoTheFacesAreLabelledFromTileInteriors() {
        TiledSegmenter withMargin = new TiledSegmenter(new ThresholdModel(), 0.5, 0.25);
        // 2 voxels (a quarter of 8) before the near face, in steps of 4, the last ending 2 voxels beyond 21
        assertThat(withMargin.starts(21, 8)).containsExactly(-2, 2, 6, 10, 14, 15);
        assertThat(new TiledSegmenter(new ThresholdModel(), 0.5).starts(21, 8)).containsExactly(0, 4, 8, 12, 13);

        Volume tomo = Volume.zeros(21, 13, 12);
        Volume blind = new TiledSegmenter(new FaceBlindModel(), 0.5).segment(tomo, ProgressListener.NONE);
        Volume fixed = new TiledSegmenter(new FaceBlindModel(), 0.5, 0.25).segment(tomo, ProgressListener.NONE);
        int faces = 0;
        int wrongBlind = 0;
        int wrongFixed = 0;
        for (int z = 0; z < 12; z++) {
            for (int y = 0; y < 13; y++) {
                for (int x = 0; x < 21; x++) {
                    if (x == 0 || y == 0 || z == 0 || x == 20 || y == 12 || z == 11) {
                        faces++;
                        wrongBlind += blind.get(x, y, z) != 0 ? 1 : 0;
                        wrongFixed += fixed.get(x, y, z) != 0 ? 1 : 0;
                    }
                }
            }
        }
        assertThat(wrongBlind).as("face voxels, seen only by tile faces").isEqualTo(faces);
        assertThat(wrongFixed).as("face voxels, seen by tile interiors").isZero();

        Volume pattern = Volume.fromFunction(21, 13, 9, (x, y, z) -> (x * 7 + y * 3 + z) % 5 == 0 ? -3f : 0f);
        Volume labels = withMargin.segment(pattern, ProgressListener.NONE);
        for (int i = 0; i < pattern.data().length; i++) {
            assertThat(labels.data()[i]).as("voxel %d", i).isEqualTo(pattern.data()[i] < -1 ? 1f : 0f);
        }
    }

    @Test
    void badOverlapOrMarginIsRejected() {
        assertThatThrownBy(() -> new TiledSegmenter(new ThresholdModel(), 1.0)).hasMessageContaining("between 0 and 0.9");
        assertThatThrownBy(() -> new TiledSegmenter(new ThresholdModel(), 0.5, 0.5)).hasMessageContaining("below 0.5");
        assertThatThrownBy(() -> new TiledSegmenter(new ThresholdModel(), 0.5, -0.1)).hasMessageContaining("at least 0");
    }
}
