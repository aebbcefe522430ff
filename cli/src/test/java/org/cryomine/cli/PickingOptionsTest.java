package org.cryomine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cryomine.core.BoundaryPolicy;
import org.cryomine.core.pick.SubvolumePicker;
import org.cryomine.pipeline.Recipe;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** The picking options as overrides of a recipe's picker. */
class PickingOptionsTest {

    static final class Holder {
        @Mixin
        PickingOptions picking;
    }

    private static SubvolumePicker parse(Recipe recipe, String... args) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.picking.picker(recipe.picker(32), 24);
    }

    @Test
    void noOptionKeepsTheRecipesPickerWithTheBoxSet() {
        SubvolumePicker p = parse(Recipe.RECOMMENDED);
        assertThat(p.boxSize()).isEqualTo(24);
        assertThat(p.boundary()).isEqualTo(Recipe.RECOMMENDED.picker(32).boundary());
        assertThat(p.toString()).isEqualTo(Recipe.RECOMMENDED.picker(24).toString());
        assertThat(parse(Recipe.PAPER).boundary()).isEqualTo(BoundaryPolicy.SKIP);
    }

    @Test
    void aSigmaRangeMakesAMultiScalePickerWithLightSmoothing() {
        SubvolumePicker p = parse(Recipe.PAPER, "--sigma-range", "1.5,6", "--scales", "4");
        assertThat(p.isMultiScale()).isTrue();
        assertThat(p.multiScale().sigmaMin()).isEqualTo(1.5);
        assertThat(p.multiScale().sigmaMax()).isEqualTo(6.0);
        assertThat(p.multiScale().scales()).isEqualTo(4);
        assertThat(p.smoothingSigma()).isEqualTo(PickingOptions.RANGE_SMOOTHING);
        assertThat(parse(Recipe.PAPER, "--sigma-range", "2,8", "--smoothing-sigma", "0.5").smoothingSigma())
                .isEqualTo(0.5);
    }

    @Test
    void oneSigmaOverMultiScaleGivesTheSingleScaleWithItsOwnSmoothing() {
        SubvolumePicker range = parse(Recipe.PAPER, "--sigma-range", "1.5,6");
        Holder h = new Holder();
        new CommandLine(h).parseArgs("--sigma", "3");
        SubvolumePicker p = h.picking.picker(range, 32);
        assertThat(p.isMultiScale()).isFalse();
        assertThat(p.sigma()).isEqualTo(3.0);
        assertThat(p.smoothingSigma()).isEqualTo(SubvolumePicker.dog().smoothingSigma());
    }

    @Test
    void singleSettingsOverride() {
        SubvolumePicker p = parse(Recipe.RECOMMENDED, "--min-distance", "6", "--max-picks", "40", "--bright",
                "--boundary", "mirror", "--threshold-quantile", "0.9");
        assertThat(p.minDistance()).isEqualTo(6.0);
        assertThat(p.maxPicks()).isEqualTo(40);
        assertThat(p.contrast().sign()).isPositive();
        assertThat(p.boundary()).isEqualTo(BoundaryPolicy.MIRROR);
        assertThat(p.thresholdKind()).isEqualTo(SubvolumePicker.ThresholdKind.QUANTILE);
        assertThat(parse(Recipe.RECOMMENDED, "--boundary", "SKIP").boundary()).isEqualTo(BoundaryPolicy.SKIP);
        assertThat(parse(Recipe.PAPER, "--fill-boundary").boundary()).isEqualTo(BoundaryPolicy.FILL_MEAN);
    }

    @Test
    void contradictionsAreRefusedNamingTheOptions() {
        assertThatThrownBy(() -> parse(Recipe.PAPER, "--sigma", "3", "--sigma-range", "1,4"))
                .hasMessageContaining("--sigma-range").hasMessageContaining("not both");
        assertThatThrownBy(() -> parse(Recipe.PAPER, "--scales", "4")).hasMessageContaining("--sigma-range");
        assertThatThrownBy(() -> parse(Recipe.PAPER, "--sigma-range", "1,2,3")).hasMessageContaining("MIN,MAX");
        assertThatThrownBy(() -> parse(Recipe.PAPER, "--boundary", "wrap")).hasMessageContaining("skip, fill or mirror");
        assertThatThrownBy(() -> parse(Recipe.PAPER, "--boundary", "skip", "--fill-boundary"))
                .hasMessageContaining("contradicts");
        assertThatThrownBy(() -> parse(Recipe.PAPER, "--sigma-range", "6,1.5")).isInstanceOf(
                IllegalArgumentException.class);
    }
}
