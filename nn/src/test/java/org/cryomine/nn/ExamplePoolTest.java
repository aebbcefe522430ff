package org.cryomine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

/** Examples that take turns ({@link ExamplePool}): a fresh seeded sample of the pool in each epoch. */
class ExamplePoolTest {

    @Test
    void validationSlotsHoldFixedMembersAndTrainingSlotsAFreshSampleOfTheOthersEachEpoch() {
        // images 0-4 outside the pool, 5-24 the pool, 4 per epoch: items 0-4 the fixed images, items 5-8 the slots
        int[] members = java.util.stream.IntStream.range(5, 25).toArray();
        ExamplePool pool = new ExamplePool(members, 4);
        assertThat(pool.itemsOf(25)).isEqualTo(9);
        boolean[] validating = new boolean[9];
        validating[1] = true;
        validating[6] = true; // the second slot validates
        ExamplePool.Items items = pool.items(25, validating, 3);
        assertThat(items.count()).isEqualTo(9);
        int validationMember = items.image(1, 6);
        assertThat(validationMember).isBetween(5, 24);
        Set<Integer> trained = new HashSet<>();
        List<List<Integer>> epochs = new ArrayList<>();
        for (int epoch = 1; epoch <= 40; epoch++) {
            for (int item = 0; item < 5; item++) {
                assertThat(items.image(epoch, item)).as("outside the pool: always the same image").isEqualTo(item);
            }
            assertThat(items.image(epoch, 6)).as("a validation slot's member is fixed").isEqualTo(validationMember);
            List<Integer> drawn = List.of(items.image(epoch, 5), items.image(epoch, 7), items.image(epoch, 8));
            assertThat(new HashSet<>(drawn)).as("distinct within an epoch").hasSize(3)
                    .doesNotContain(validationMember).allMatch(m -> m >= 5 && m < 25);
            trained.addAll(drawn);
            epochs.add(drawn);
        }
        assertThat(trained).as("over 40 epochs every member but the validated one is trained on").hasSize(19);
        assertThat(new HashSet<>(epochs)).as("the samples change from epoch to epoch").hasSizeGreaterThan(30);
        ExamplePool.Items again = pool.items(25, validating, 3);
        for (int epoch = 40; epoch >= 1; epoch--) { // the same seed, in any order of asking: the same samples
            assertThat(List.of(again.image(epoch, 5), again.image(epoch, 7), again.image(epoch, 8)))
                    .isEqualTo(epochs.get(epoch - 1));
        }
        ExamplePool.Items otherSeed = pool.items(25, validating, 4);
        List<List<Integer>> other = new ArrayList<>();
        for (int epoch = 1; epoch <= 40; epoch++) {
            other.add(List.of(otherSeed.image(epoch, 5), otherSeed.image(epoch, 7), otherSeed.image(epoch, 8)));
        }
        assertThat(other).isNotEqualTo(epochs);
    }

    @Test
    void aPoolWhoseEveryMemberIsInEachEpochStillValidatesOnOnesNeverTrainedOn() {
        ExamplePool pool = new ExamplePool(new int[] {2, 0, 3}, 3); // image 1 outside the pool
        boolean[] validating = {false, false, true, false};
        ExamplePool.Items items = pool.items(4, validating, 9);
        int validated = items.image(1, 2);
        for (int epoch = 1; epoch <= 5; epoch++) {
            assertThat(items.image(epoch, 0)).isEqualTo(1);
            Set<Integer> drawn = Set.of(items.image(epoch, 1), items.image(epoch, 3));
            assertThat(drawn).hasSize(2).doesNotContain(validated, 1);
        }
    }

    @Test
    void badPoolsAreRefused() {
        assertThatThrownBy(() -> new ExamplePool(new int[] {1, 2}, 3)).hasMessageContaining("1 to 2 of them per epoch");
        assertThatThrownBy(() -> new ExamplePool(new int[] {1, 2}, 0)).hasMessageContaining("not 0");
        assertThatThrownBy(() -> new ExamplePool(new int[] {1, 1}, 1)).hasMessageContaining("distinct");
        assertThatThrownBy(() -> new ExamplePool(new int[] {-1}, 1)).hasMessageContaining("distinct");
        assertThatThrownBy(() -> new ExamplePool(new int[0], 1)).hasMessageContaining("not 1");
        assertThat(ExamplePool.NONE.isEmpty()).isTrue();
        assertThat(ExamplePool.NONE.itemsOf(7)).isEqualTo(7);
    }

    @Test
    void anEdss3dEpochTrainsOnTheImagesOutsideThePoolAndItsShareOfThePool() {
        int n = 16;
        Random r = new Random(6);
        List<Volume> images = new ArrayList<>();
        List<Volume> labels = new ArrayList<>();
        for (int i = 0; i < 30; i++) { // 6 labelled slabs, then 24 background boxes of noise
            boolean labelled = i < 6;
            float[] img = new float[n * n * n];
            float[] lab = new float[n * n * n];
            int cx = 5 + r.nextInt(6);
            for (int k = 0; k < img.length; k++) {
                boolean in = labelled && Math.abs(k % n - cx) <= 1;
                img[k] = (float) ((in ? -1 : 0) + 0.5 * r.nextGaussian());
                lab[k] = in ? 1 : 0;
            }
            images.add(Volume.wrap(img, n, n, n));
            labels.add(Volume.wrap(lab, n, n, n));
        }
        ExamplePool pool = new ExamplePool(java.util.stream.IntStream.range(6, 30).toArray(), 6);
        Edss3d cfg = Edss3d.builder().numClasses(2).boxSize(n).filters(2).batchSize(4).maxEpochs(2).seed(5).threads(1)
                .build();
        List<Integer> batchesSeen = new ArrayList<>();
        TrainingListener counting = new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, int batches, float loss) {
                batchesSeen.add(batches);
            }
        };
        float[] first;
        try (TrainedEdss3d m = cfg.fit(images, labels, pool, counting, null)) {
            // 12 items, 1 validated, 11 trained: 3 batches of 4 per epoch, as batchesPerEpoch counts them
            assertThat(batchesSeen).hasSize(6).containsOnly(3);
            assertThat(cfg.batchesPerEpoch(pool.itemsOf(images.size()))).isEqualTo(3);
            first = m.probabilities(images.get(0))[1].data();
        }
        try (TrainedEdss3d again = cfg.fit(images, labels, pool, TrainingListener.NONE, null);
             TrainedEdss3d all = cfg.fit(images, labels, TrainingListener.NONE)) {
            assertThat(again.probabilities(images.get(0))[1].data()).as("reproducible").isEqualTo(first);
            assertThat(all.probabilities(images.get(0))[1].data()).as("every image every epoch: another training")
                    .isNotEqualTo(first);
        }
        assertThatThrownBy(() -> cfg.fit(images, labels, new ExamplePool(new int[] {30}, 1), TrainingListener.NONE, null))
                .hasMessageContaining("pool member 30 is not one of the 30 images");
    }
}
