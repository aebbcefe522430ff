package org.cryomine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

class TrainerSplitTest {

    @Test
    void withoutRepeatsTheSplitIsTheSeededSubsetOfItems() {
        int[][] plain = Trainer.split(50, 0.1, 7);
        int[][] keyed = Trainer.split(Trainer.identity(50), 0.1, 7);
        assertThat(keyed[0]).containsExactly(plain[0]);
        assertThat(keyed[1]).containsExactly(plain[1]);
        assertThat(plain[1]).hasSize(5);
    }

    @Test
    void repeatsOfAnExampleFallOnOneSideTogether() {
        // 20 distinct images, then 30 repeats of images 0-4: 50 items, 20 examples
        List<Volume> images = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            images.add(Volume.filled(2, 2, 2, i));
        }
        for (int r = 0; r < 30; r++) {
            images.add(images.get(r % 5));
        }
        int[] firstOf = EdssTraining.firstCopies(images);
        assertThat(firstOf[25]).isEqualTo(0);
        assertThat(firstOf[49]).isEqualTo(4);
        for (long seed = 0; seed < 40; seed++) {
            int[][] split = Trainer.split(firstOf, 0.1, seed);
            assertThat(split[0].length + split[1].length).isEqualTo(50);
            boolean[] validated = new boolean[50];
            Arrays.stream(split[1]).forEach(i -> validated[i] = true);
            for (int i = 0; i < 50; i++) {
                assertThat(validated[i]).as("item %d and its first copy %d, seed %d", i, firstOf[i], seed)
                        .isEqualTo(validated[firstOf[i]]);
            }
            // two of the 20 examples are validated on (0.1 of the examples, not of the items)
            assertThat(Arrays.stream(split[1]).filter(i -> firstOf[i] == i).count()).isEqualTo(2);
        }
    }

    @Test
    void aMalformedCopyIndexIsRefused() {
        assertThatThrownBy(() -> Trainer.split(new int[] {0, 2, 2}, 0.1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 1");
    }
}
