package org.cryomine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import org.cryomine.core.pick.SubvolumePicker;
import org.junit.jupiter.api.Test;

/** Each {@code with*} copy of the segmenting settings changes its own setting and no other. */
class SegmentSettingsTest {

    /** A value of the component's type unlike both recipes' (every recipe value differs from it). */
    private static Object other(RecordComponent component, Object before) {
        Class<?> type = component.getType();
        if (component.getName().equals("flips")) {
            return 4; // 1, 2, 4 or 8; neither recipe's
        }
        if (component.getName().equals("maxPieceMultiple")) {
            return 7.5; // 0 or at least 1
        }
        if (type == boolean.class) {
            return !(Boolean) before;
        }
        if (type == double.class) {
            return 0.375;
        }
        if (type == int.class) {
            return 96;
        }
        if (type == SegmentSettings.Mode.class) {
            return before == SegmentSettings.Mode.WHOLE ? SegmentSettings.Mode.CLUSTERS : SegmentSettings.Mode.WHOLE;
        }
        if (type == SubvolumePicker.class) {
            return SubvolumePicker.dog().withSigma(3.5);
        }
        if (type == Map.class) {
            return Map.of("membrane", 1000);
        }
        if (type == List.class) {
            return List.of("vesicle");
        }
        throw new AssertionError("no test value for " + type);
    }

    @Test
    void everyWithChangesOnlyItsOwnSetting() throws Exception {
        for (Recipe recipe : Recipe.values()) {
            SegmentSettings base = recipe.segmenting();
            int checked = 0;
            for (RecordComponent c : SegmentSettings.class.getRecordComponents()) {
                String with = "with" + Character.toUpperCase(c.getName().charAt(0)) + c.getName().substring(1);
                Method m = SegmentSettings.class.getMethod(with, c.getType());
                Object value = other(c, c.getAccessor().invoke(base));
                SegmentSettings changed = (SegmentSettings) m.invoke(base, value);
                for (RecordComponent d : SegmentSettings.class.getRecordComponents()) {
                    Object now = d.getAccessor().invoke(changed);
                    if (d.getName().equals(c.getName())) {
                        assertThat(now).as(with).isEqualTo(value);
                    } else {
                        assertThat(now).as(with + " keeps " + d.getName()).isEqualTo(d.getAccessor().invoke(base));
                    }
                }
                checked++;
            }
            assertThat(checked).isEqualTo(SegmentSettings.class.getRecordComponents().length);
        }
    }

    @Test
    void flipsAreOneTwoFourOrEightAndFlipAverageMeansAllEight() {
        assertThat(SegmentSettings.defaults().flips()).isEqualTo(1);
        assertThat(SegmentSettings.defaults().flipAverage()).isFalse();
        assertThat(SegmentSettings.defaults().withFlipAverage(true).flips()).isEqualTo(8);
        assertThat(SegmentSettings.defaults().withFlips(8).withFlipAverage(false).flips()).isEqualTo(1);
        assertThat(SegmentSettings.defaults().withFlips(2).flipAverage()).isTrue();
        for (int bad : new int[] {0, 3, 16}) {
            assertThatThrownBy(() -> SegmentSettings.defaults().withFlips(bad))
                    .hasMessageContaining("--flips must be 1 (no averaging), 2, 4 or 8").hasMessageContaining("got " + bad);
        }
    }

    @Test
    void theRecommendedRecipeAveragesEachTileWithItsInversionAndThePaperDoesNot() {
        assertThat(Recipe.RECOMMENDED.segmenting().flips()).isEqualTo(Recipe.SEGMENT_FLIPS).isEqualTo(2);
        assertThat(Recipe.PAPER.segmenting().flips()).isEqualTo(1);
    }

    @Test
    void copiesAreValidatedLikeTheConstructor() {
        assertThatThrownBy(() -> SegmentSettings.defaults().withTileBatch(0)).hasMessageContaining("tile batch");
        assertThatThrownBy(() -> SegmentSettings.defaults().withMinPieceFraction(2))
                .hasMessageContaining("--min-piece-fraction");
    }

    @Test
    void theRecommendedRecipeMatchesIntensitiesAndThePaperDoesNot() {
        assertThat(Recipe.RECOMMENDED.segmenting().matchIntensities()).isTrue();
        assertThat(Recipe.PAPER.segmenting().matchIntensities()).isFalse();
    }
}
