package org.cryomine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FlipsTest {

    @Test
    void flipsAreInvolutionsThatMoveVoxelsToTheMirrorPosition() {
        Volume v = Volume.fromFunction(3, 4, 5, (x, y, z) -> x + 10 * y + 100 * z);
        for (int f = 0; f < Flips.COUNT; f++) {
            assertThat(Flips.apply(Flips.apply(v, f), f).data()).isEqualTo(v.data());
        }
        assertThat(Flips.apply(v, 1).get(0, 1, 2)).isEqualTo(v.get(2, 1, 2));
        assertThat(Flips.apply(v, 6).get(0, 0, 0)).isEqualTo(v.get(0, 3, 4));
        assertThatThrownBy(() -> Flips.apply(v, 8)).hasMessageContaining("0 to 7");
    }
}
