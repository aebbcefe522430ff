package org.cryomine.nn;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.cryomine.core.CryomineException;

/**
 * Examples of a training set that take turns (beyond the paper): of the images at {@link #members()}, only
 * {@link #perEpoch()} are trained on in an epoch, a fresh seeded sample each epoch, so a long training on few
 * weakly labelled boxes sees many more background boxes, each as often as the others, without their number
 * outweighing the labelled ones in any epoch. The images not in the pool are trained on every epoch.
 *
 * <p>The validation split counts {@code perEpoch} pool slots beside the other images; the slots that fall on the
 * validation side hold fixed members (a seeded sample, the same every epoch, never trained on), the training slots a
 * fresh sample of the other members each epoch.
 *
 * @param members  indices, into the images given to {@link Edss3d#fit(java.util.List, java.util.List, ExamplePool,
 *                 TrainingListener, java.nio.file.Path)}, of the pool's images; distinct
 * @param perEpoch how many of them one epoch holds, 1 to {@code members.length}
 */
public record ExamplePool(int[] members, int perEpoch) {

    /** No pool: every image is trained on in every epoch. */
    public static final ExamplePool NONE = new ExamplePool(new int[0], 0);

    public ExamplePool {
        members = members.clone();
        if (members.length == 0 ? perEpoch != 0 : perEpoch < 1 || perEpoch > members.length) {
            throw new IllegalArgumentException("a pool of " + members.length + " images gives 1 to " + members.length
                    + " of them per epoch, not " + perEpoch);
        }
        int[] sorted = members.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 0 || i > 0 && sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("pool members must be distinct image indices >= 0, got "
                        + Arrays.toString(members));
            }
        }
    }

    @Override
    public int[] members() {
        return members.clone();
    }

    /** Whether there is a pool at all. */
    public boolean isEmpty() {
        return members.length == 0;
    }

    /** The number of images an epoch holds of {@code images} given, this pool among them: the others and the slots. */
    public int itemsOf(int images) {
        return images - members.length + perEpoch;
    }

    /**
     * The images of each item of a training set of {@code images} images: items 0 to {@code images - members - 1}
     * are the images outside the pool in their order, the last {@code perEpoch} items the pool's slots.
     */
    Items items(int images, boolean[] validationItems, long seed) {
        boolean[] pooled = pooledOf(images);
        int[] fixed = java.util.stream.IntStream.range(0, images).filter(i -> !pooled[i]).toArray();
        int[] order = members.clone();
        shuffle(order, new SplittableRandom(seed ^ POOL_SALT));
        int[] slotImage = new int[perEpoch]; // the validation slots' fixed members, else -1 - the training slot's rank
        int next = 0;
        int rank = 0;
        for (int s = 0; s < perEpoch; s++) {
            slotImage[s] = validationItems[fixed.length + s] ? order[next++] : -1 - rank++;
        }
        int[] trainingPool = Arrays.copyOfRange(order, next, order.length); // the members no validation slot holds
        Arrays.sort(trainingPool); // the epochs' draws depend on the members, not on the validation draw's order
        return new Items(fixed, slotImage, trainingPool, seed);
    }

    /**
     * Which of {@code images} images are the pool's.
     *
     * @throws CryomineException when a member is not one of them
     */
    boolean[] pooledOf(int images) {
        boolean[] pooled = new boolean[images];
        for (int m : members) {
            if (m >= images) {
                throw new CryomineException("pool member " + m + " is not one of the " + images + " images");
            }
            pooled[m] = true;
        }
        return pooled;
    }

    /** Salt of the pool's seeds, so they do not follow the split's or the shuffling's. */
    private static final long POOL_SALT = 0x6A09E667F3BCC909L;

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The image of each item, per epoch. */
    static final class Items {
        private final int[] fixed;
        private final int[] slotImage;
        private final int[] trainingPool;
        private final long seed;
        private int drawnEpoch = -1;
        private int[] drawn;

        private Items(int[] fixed, int[] slotImage, int[] trainingPool, long seed) {
            this.fixed = fixed;
            this.slotImage = slotImage;
            this.trainingPool = trainingPool;
            this.seed = seed;
        }

        /** The number of items. */
        int count() {
            return fixed.length + slotImage.length;
        }

        /**
         * The image that item {@code item} stands for in epoch {@code epoch} (from 1; validation items are the same in
         * every epoch): a training slot's image is the slot's place in a seeded sample of the training pool drawn for
         * the epoch.
         */
        int image(int epoch, int item) {
            if (item < fixed.length) {
                return fixed[item];
            }
            int slot = item - fixed.length;
            if (slotImage[slot] >= 0) {
                return slotImage[slot];
            }
            if (drawnEpoch != epoch) {
                drawn = trainingPool.clone();
                SplittableRandom random = new SplittableRandom(AutoencoderTraining.mix(seed ^ POOL_SALT, epoch, 0));
                for (int i = 0; i < drawn.length - 1; i++) { // a seeded shuffle; the training slots take the first
                    int j = i + random.nextInt(drawn.length - i);
                    int t = drawn[i];
                    drawn[i] = drawn[j];
                    drawn[j] = t;
                }
                drawnEpoch = epoch;
            }
            return drawn[-1 - slotImage[slot]];
        }
    }
}
