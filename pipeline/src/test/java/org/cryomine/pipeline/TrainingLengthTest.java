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
}
