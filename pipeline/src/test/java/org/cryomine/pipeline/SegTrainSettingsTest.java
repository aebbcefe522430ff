package org.cryomine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each {@code with*} copy of the segmentation-training settings changes its own setting and no other. */
class SegTrainSettingsTest {

    /** A value of the component's type unlike both recipes' (every recipe value differs from it). */
    private static Object other(Class<?> type, String name) {
        if (type == double.class) {
            return name.equals("level") ? 1.625 : 0.375;
        }
        if (type == int.class) {
            return 3;
        }
        if (type == long.class) {
            return 12345L;
        }
        if (type == boolean.class) {
            return null; // flipped below
        }
        if (type == List.class) {
            return List.of("vesicle");
        }
        throw new AssertionError("no test value for " + type);
    }

    @Test
    void everyWithChangesOnlyItsOwnSetting() throws Exception {
        for (SegTrainSettings base : List.of(SegTrainSettings.recommended(), SegTrainSettings.paper())) {
            int checked = 0;
            for (RecordComponent c : SegTrainSettings.class.getRecordComponents()) {
                String with = "with" + Character.toUpperCase(c.getName().charAt(0)) + c.getName().substring(1);
                Method m;
                try {
                    m = SegTrainSettings.class.getMethod(with, c.getType());
                } catch (NoSuchMethodException e) {
                    assertThat(c.getName()).as("only the recipe's name has no with* copy").isEqualTo("recipe");
                    continue;
                }
                Object before = c.getAccessor().invoke(base);
                Object value = c.getType() == boolean.class ? !(Boolean) before : other(c.getType(), c.getName());
                SegTrainSettings changed = (SegTrainSettings) m.invoke(base, value);
                for (RecordComponent d : SegTrainSettings.class.getRecordComponents()) {
                    Object now = d.getAccessor().invoke(changed);
                    if (d.getName().equals(c.getName())) {
                        assertThat(now).as(with).isEqualTo(value);
                    } else if (!(c.getName().equals("epochs") && d.getName().equals("minSteps"))) {
                        assertThat(now).as(with + " keeps " + d.getName()).isEqualTo(d.getAccessor().invoke(base));
                    }
                }
                checked++;
            }
            assertThat(checked).isEqualTo(SegTrainSettings.class.getRecordComponents().length - 1);
        }
        assertThat(SegTrainSettings.recommended().withEpochs(5).minSteps()).as("an explicit length turns minSteps off")
                .isZero();
    }

    @Test
    void copiesAreValidatedLikeTheConstructor() {
        assertThatThrownBy(() -> SegTrainSettings.recommended().withShift(-1)).hasMessageContaining("shift");
        assertThatThrownBy(() -> SegTrainSettings.recommended().withLabelRadius(0)).hasMessageContaining("label radius");
        assertThatThrownBy(() -> SegTrainSettings.recommended().withGroupAverage(1.5)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> SegTrainSettings.recommended().withGroupAverage(Double.NaN)).hasMessageContaining("[0, 1]");
        assertThat(SegTrainSettings.recommended().withSeed(9)).isNotSameAs(SegTrainSettings.recommended());
    }
}
