package org.cryomine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import org.cryomine.core.pick.SubvolumePicker;
import org.cryomine.nn.CodeAveraging;
import org.junit.jupiter.api.Test;

/** Each {@code with*} copy of the mining settings changes its own setting and no other. */
class MiningSettingsTest {

    /** A value of the component's type unlike both recipes' (every recipe value differs from it). */
    private static Object other(RecordComponent c, MiningSettings base) throws Exception {
        Object before = c.getAccessor().invoke(base);
        Class<?> type = c.getType();
        if (type == boolean.class) {
            return !(Boolean) before;
        }
        if (type == int.class) {
            return 37;
        }
        if (type == long.class) {
            return 12345L;
        }
        if (type == CodeAveraging.class) {
            return before == CodeAveraging.NONE ? CodeAveraging.FLIPS : CodeAveraging.NONE;
        }
        if (type == SubvolumePicker.class) {
            return base.picker().withSigma(3.5);
        }
        if (type == org.cryomine.nn.Autoencoder3D.class) {
            return base.autoencoder().toBuilder().codeSize(17).build();
        }
        throw new AssertionError("no test value for " + type);
    }

    @Test
    void everyWithChangesOnlyItsOwnSetting() throws Exception {
        for (Recipe recipe : Recipe.values()) {
            MiningSettings base = recipe.mining(32);
            int checked = 0;
            for (RecordComponent c : MiningSettings.class.getRecordComponents()) {
                String name = c.getName();
                String with = "with" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
                if (name.equals("recipe")) {
                    continue; // a recipe's name has no with* copy
                }
                Method m = MiningSettings.class.getMethod(with, c.getType());
                Object value = other(c, base);
                MiningSettings changed = (MiningSettings) m.invoke(base, value);
                for (RecordComponent d : MiningSettings.class.getRecordComponents()) {
                    Object now = d.getAccessor().invoke(changed);
                    if (d.getName().equals(name)) {
                        assertThat(now).as(with).isEqualTo(value);
                    } else if (!(name.equals("seed") && d.getName().equals("autoencoder"))) {
                        assertThat(now).as(with + " keeps " + d.getName()).isEqualTo(d.getAccessor().invoke(base));
                    }
                }
                checked++;
            }
            assertThat(checked).isEqualTo(MiningSettings.class.getRecordComponents().length - 1);
        }
        assertThat(Recipe.RECOMMENDED.mining(32).withSeed(5).autoencoder().seed()).as("the seed reseeds the network")
                .isEqualTo(5);
    }

    @Test
    void copiesAreValidatedLikeTheConstructor() {
        assertThatThrownBy(() -> MiningSettings.recommended(32).withGridStep(-1)).hasMessageContaining("grid step");
        assertThatThrownBy(() -> MiningSettings.recommended(32).withMaxTrainingBoxes(1))
                .hasMessageContaining("at least 2 boxes");
        assertThat(MiningSettings.recommended(32).standardizeTomograms()).isTrue();
        assertThat(MiningSettings.paper(32).standardizeTomograms()).isFalse();
    }
}
