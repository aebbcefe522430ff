package org.cryomine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link SegTrainSettings#epochsAndPatience}: small training sets train for at least the minimum number of batches. */
class TrainingLengthTest {

    private static final SegTrainSettings TWELVE_EPOCHS = SegTrainSettings.recommended().withEpochs(12).withPatience(4);

    @Test
    void aLargeSetKeepsItsEpochsAndPatience() {
        // 500 examples, 50 validate: 450 in batches of 8 = 57 batches an epoch, 684 in 12 epochs
        assertThat(TWELVE_EPOCHS.withMinSteps(500).epochsAndPatience(57)).containsExactly(12, 4);
        assertThat(TWELVE_EPOCHS.withMinSteps(684).epochsAndPatience(57)).containsExactly(12, 4);
    }

    @Test
    void aSmallSetTrainsLongerWithPatienceGrownAlike() {
        // 120 examples, 12 validate: 108 in batches of 8 = 14 batches an epoch; 500 batches need 36 epochs (3x 12)
        assertThat(TWELVE_EPOCHS.withMinSteps(500).epochsAndPatience(14)).containsExactly(36, 12);
        assertThat(TWELVE_EPOCHS.withMinSteps(0).epochsAndPatience(14)).containsExactly(12, 4);
        assertThat(TWELVE_EPOCHS.withMinSteps(500).epochsAndPatience(1)).as("one batch an epoch")
                .containsExactly(500, 167);
    }

    @Test
    void explicitEpochsTurnTheMinimumOff() {
        assertThat(TWELVE_EPOCHS.withMinSteps(500).withEpochs(3).minSteps()).isZero();
        assertThat(TWELVE_EPOCHS.withEpochs(3).withMinSteps(500).epochsAndPatience(14)).containsExactly(36, 48);
    }

    @Test
    void edss3dCountsTheBatchesOfAnEpochAfterItsValidationSplit() {
        org.cryomine.nn.Edss3d cfg = org.cryomine.nn.Edss3d.builder().build(); // batches of 8, validation 0.1
        assertThat(cfg.batchSize()).isEqualTo(8);
        assertThat(cfg.batchesPerEpoch(500)).isEqualTo(57); // 450 train
        assertThat(cfg.batchesPerEpoch(120)).isEqualTo(14); // 108 train
        assertThat(cfg.batchesPerEpoch(4)).as("round(0.4) = 0, but one validates").isEqualTo(1); // 3 train
        assertThat(cfg.batchesPerEpoch(17)).isEqualTo(2); // 2 validate, 15 train
        assertThatThrownBy(() -> TWELVE_EPOCHS.epochsAndPatience(0)).hasMessageContaining("batches per epoch");
    }

    @Test
    void aNegativeMinimumIsRefused() {
        assertThatThrownBy(() -> TWELVE_EPOCHS.withMinSteps(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minimum training steps");
    }

    @Test
    void aPoolOfBackgroundCountsItsShareOfAnEpochAndEachFlipOfItsExamples() {
        org.cryomine.core.Volume v = org.cryomine.core.Volume.zeros(4, 4, 4);
        java.util.List<org.cryomine.core.Volume> five = java.util.List.of(v, v, v, v, v);
        org.cryomine.segmentation.TrainingSet set = new org.cryomine.segmentation.TrainingSet(five, five, 2,
                new int[] {0, 1, 2, 3, 4}, new int[] {2, 4}, 1);
        assertThat(set.epochSize()).isEqualTo(4);
        org.cryomine.nn.ExamplePool plain = SegmentationTraining.pool(set, 1);
        assertThat(plain.members()).containsExactly(2, 4);
        assertThat(plain.perEpoch()).isEqualTo(1);
        // with --flips each example is 8 consecutive images (Flips.views): example i is images 8i..8i+7
        org.cryomine.nn.ExamplePool flipped = SegmentationTraining.pool(set, 8);
        assertThat(flipped.members()).containsExactly(16, 17, 18, 19, 20, 21, 22, 23, 32, 33, 34, 35, 36, 37, 38, 39);
        assertThat(flipped.perEpoch()).isEqualTo(8);
        assertThat(flipped.itemsOf(40)).isEqualTo(32);
        assertThat(SegmentationTraining.pool(new org.cryomine.segmentation.TrainingSet(five, five, 2,
                new int[] {0, 1, 2, 3, 4}), 1).isEmpty()).isTrue();
    }
}
