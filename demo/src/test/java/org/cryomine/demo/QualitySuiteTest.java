package org.cryomine.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.pipeline.PipelineListener;
import org.cryomine.pipeline.Recipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick quality suite as a smoke test with loose bounds: two preset pairs through the whole chain with small
 * networks. The bounds only catch a broken chain (purity no better than chance, nothing segmented); the real
 * measurement is benchmarks/quality.sh without --quick.
 */
class QualitySuiteTest {

    @TempDir
    Path dir;

    @Test
    void quickSuiteRunsTheChainOnTwoPresetsAndPrintsTheSummary() throws Exception {
        List<QualityRow> seen = new ArrayList<>();
        List<QualityRow> rows = QualitySuite.quick(Recipe.RECOMMENDED).run(dir, seen::add, PipelineListener.NONE);
        assertThat(rows).hasSize(2).isEqualTo(seen);
        for (QualityRow r : rows) {
            assertThat(r.picks()).as(r.preset()).isGreaterThan(50);
            assertThat(r.purity()).as(r.preset()).isGreaterThan(0.5);
            assertThat(r.largeRecall()).as(r.preset()).isGreaterThan(0.3);
            assertThat(r.globuleIouWhole() + r.membraneIouWhole()).as(r.preset() + ": something segmented")
                    .isGreaterThan(0.05);
            assertThat(r.toLine()).startsWith(r.preset());
        }
        assertThat(QualitySuite.summary(rows)).matches("quality: pairs 2 purity_gap_min -?[0-9.]+ membrane_iou_mean "
                + "[0-9.]+ membrane_iou_min [0-9.]+ globule_iou_mean [0-9.]+ small_recall_mean [0-9.]+");
        assertThat(QualitySuite.visibleSummary(rows)).matches("quality-visible: pairs 2 membrane_visible_iou_mean "
                + "[0-9.]+ membrane_visible_iou_min [0-9.]+ hidden_share_max [0-9.]+ membrane_held_iou_mean [0-9.]+ "
                + "membrane_held_iou_min [0-9.]+");
        for (QualityRow r : rows) {
            // membranes were selected on both presets: the visible part's IoU and the hidden share are measured
            assertThat(r.membraneVisibleIou()).as(r.preset()).isBetween(0.0, 1.0);
            assertThat(r.membraneHiddenShare()).as(r.preset()).isBetween(0.0, 1.0);
        }
    }

    /** A row with only the membrane figures set: whole IoU, visible IoU, share facing the wedge. */
    private static QualityRow membraneRow(double whole, double visible, double hidden) {
        return new QualityRow("p", 100, 1, 1, 1, 0.9, 0.8, 0.8, 0.7, whole, 0.5, whole, 0.5, 0.5, visible, hidden, 1);
    }

    @Test
    void aPairIsHeldToBothMembraneFiguresWhereLittleFacesTheWedgeAndToTheVisiblePartElsewhere() {
        assertThat(membraneRow(0.6, 0.5, 0.2).membraneHeldIou()).as("small share: the smaller of both").isEqualTo(0.5);
        assertThat(membraneRow(0.4, 0.5, 0.3).membraneHeldIou()).as("at the limit: both").isEqualTo(0.4);
        assertThat(membraneRow(0.1, 0.5, 0.31).membraneHeldIou()).as("large share: the visible part").isEqualTo(0.5);
        assertThat(membraneRow(0.1, Double.NaN, Double.NaN).membraneHeldIou()).isNaN();
        assertThat(QualitySuite.visibleSummary(List.of(membraneRow(0.6, 0.5, 0.2), membraneRow(0.1, 0.3, 0.8),
                membraneRow(0, Double.NaN, Double.NaN)))).endsWith("hidden_share_max 0.80 membrane_held_iou_mean 0.400 "
                + "membrane_held_iou_min 0.300");
    }

    @Test
    void changesToTheRecipeReachTrainingAndSegmentingAndBadOnesFailAtOnce() {
        QualitySuite plain = QualitySuite.full(Recipe.RECOMMENDED);
        assertThat(plain.training().minSteps()).isEqualTo(Recipe.MIN_TRAINING_STEPS);
        assertThat(plain.segmenting().minPieceFraction()).isEqualTo(Recipe.MIN_PIECE_FRACTION);
        QualitySuite changed = plain.withTrainingChange(t -> t.withMinSteps(1000).withShift(4))
                .withSegmentingChange(s -> s.withMinPieceFraction(0)).withSeed(12);
        assertThat(changed.training().minSteps()).isEqualTo(1000);
        assertThat(changed.training().shift()).isEqualTo(4);
        assertThat(changed.training().seed()).as("the suite's seed still set").isEqualTo(12);
        assertThat(changed.segmenting().minPieceFraction()).isZero();
        assertThat(QualitySuite.quick(Recipe.RECOMMENDED).withTrainingChange(t -> t.withMinSteps(7)).training()
                .minSteps()).as("after the quick suite's own shortening").isEqualTo(7);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.withTrainingChange(t -> t.withShift(-1)))
                .hasMessageContaining("shift");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.withSegmentingChange(
                s -> s.withMinPieceFraction(3))).hasMessageContaining("--min-piece-fraction");
    }

    @Test
    void aChangeOfTheMiningReachesItAfterTheSuitesOwnSettingsAndABadOneFailsAtOnce() {
        QualitySuite quick = QualitySuite.quick(Recipe.RECOMMENDED);
        QualitySuite denoising = quick.withMiningChange(m -> m.withAutoencoder(m.autoencoder().toBuilder()
                .inputNoise(0.5).build())).withSeed(5);
        assertThat(denoising.mining().autoencoder().inputNoise()).isEqualTo(0.5);
        assertThat(denoising.mining().autoencoder().maxEpochs()).as("the quick suite's shortening kept")
                .isEqualTo(quick.mining().autoencoder().maxEpochs());
        assertThat(denoising.mining().k()).isEqualTo(quick.k());
        assertThat(denoising.mining().seed()).isEqualTo(5);
        assertThat(quick.mining().autoencoder().inputNoise()).as("the recipe's").isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> quick.withMiningChange(m -> m.withK(-3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSecondTomogramCanBeMadeUnderOtherConditions() {
        QualitySuite plain = QualitySuite.full(Recipe.RECOMMENDED);
        org.cryomine.core.simulate.SimulationPreset tubes = org.cryomine.core.simulate.SimulationPreset.TUBES;
        assertThat(maxDifference(plain.second(tubes).tomogram().data(), tubes.simulate(plain.seed() + 1).tomogram()
                .data())).as("the preset's seed + 1").isZero();
        QualitySuite noisier = plain.withSecondTomogramChange(b -> b.snr(0.25));
        var expected = tubes.builder(plain.seed() + 1).snr(0.25).build().simulate();
        var second = noisier.second(tubes);
        assertThat(maxDifference(second.tomogram().data(), expected.tomogram().data())).isZero();
        assertThat(maxDifference(second.tomogram().data(), plain.second(tubes).tomogram().data())).isPositive();
        assertThat(maxDifference(second.labels().data(), plain.second(tubes).labels().data())).as("the same objects")
                .isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.withSecondTomogramChange(b -> b.snr(-1)))
                .hasMessageContaining("SNR must be positive");
    }

    /** The largest absolute difference of two arrays of one length (AssertJ's diff of millions of values is slow). */
    private static double maxDifference(float[] a, float[] b) {
        assertThat(a.length).isEqualTo(b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void aMultiScalePickerReplacesTheSingleScaleOneAtTheSuitesBoxAndBudget() {
        QualitySuite plain = QualitySuite.full(Recipe.RECOMMENDED);
        assertThat(plain.mining().picker().toString()).as("the recipe's picker at the suite's budget")
                .isEqualTo(Recipe.RECOMMENDED.picker(32).withMaxPicks(QualitySuite.MAX_PICKS).toString());
        assertThat(plain.withRecipe(Recipe.PAPER).mining().picker().boundary())
                .isEqualTo(Recipe.PAPER.picker(32).boundary());
        QualitySuite multi = plain.withPicker(org.cryomine.core.pick.SubvolumePicker.dog().withMultiScale(1.5, 6, 5)
                .withBoxSize(16).withMaxPicks(10));
        assertThat(multi.mining().picker().isMultiScale()).isTrue();
        assertThat(multi.mining().picker().multiScale().sigmaMax()).isEqualTo(6);
        assertThat(multi.mining().picker().boxSize()).isEqualTo(32);
        assertThat(multi.mining().picker().maxPicks()).isEqualTo(QualitySuite.MAX_PICKS);
        assertThat(multi.withPresets(List.of(org.cryomine.core.simulate.SimulationPreset.TUBES)).picker().multiScale())
                .isEqualTo(multi.picker().multiScale());
        assertThat(plain.nameSmall()).as("the suite names membranes and large globules only").isFalse();
        assertThat(multi.withNameSmall(true).withSeed(4).withPicker(null).nameSmall()).isTrue();
    }
}
