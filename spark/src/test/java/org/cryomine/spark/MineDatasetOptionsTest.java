package org.cryomine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.cryomine.pipeline.Recipe;
import org.junit.jupiter.api.Test;

/** {@code MineDataset}'s options: the training sample follows the recipe unless given. */
class MineDatasetOptionsTest {

    private static int maxTrainingBoxes(String... args) {
        return MineDataset.Options.parse(args).settings().miningSettings().maxTrainingBoxes();
    }

    @Test
    void theTrainingSampleIsTheRecipesUnlessGiven() {
        assertThat(maxTrainingBoxes("--list", "t.txt", "--out", "run"))
                .isEqualTo(Recipe.RECOMMENDED_MAX_TRAINING_BOXES).isEqualTo(Recipe.RECOMMENDED.mining(32).maxTrainingBoxes());
        assertThat(maxTrainingBoxes("--list", "t.txt", "--out", "run", "--recipe", "paper"))
                .isEqualTo(Recipe.PAPER_MAX_TRAINING_BOXES);
        assertThat(maxTrainingBoxes("--list", "t.txt", "--out", "run", "--max-training-boxes", "300")).isEqualTo(300);
    }
}
