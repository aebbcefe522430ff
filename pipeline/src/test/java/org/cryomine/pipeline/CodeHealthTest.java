package org.cryomine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cryomine.core.CryomineException;
import org.junit.jupiter.api.Test;

/** Collapsed codes stop mining with what to change; a few dead units do not. */
class CodeHealthTest {

    @Test
    void allDeadUnitsFailWithAdviceAndSomeDeadUnitsPass() {
        float[][] collapsed = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
        assertThat(CodeHealth.deadUnits(collapsed)).isEqualTo(3);
        assertThatThrownBy(() -> CodeHealth.check(collapsed, false)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("collapsed").hasMessageContaining("--linear-code");
        float[][] same = {{1.5f, -2}, {1.5f, -2}};
        assertThatThrownBy(() -> CodeHealth.check(same, true)).hasMessageContaining("--epochs");
        float[][] someDead = {{0, 1, 0}, {0, 2, 0}, {0, 3, 0}};
        assertThat(CodeHealth.deadUnits(someDead)).isEqualTo(2);
        assertThatCode(() -> CodeHealth.check(someDead, false)).doesNotThrowAnyException();
    }
}
