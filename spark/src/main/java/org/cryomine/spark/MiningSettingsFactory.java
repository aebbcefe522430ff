package org.cryomine.spark;

import java.io.Serializable;
import org.cryomine.core.pick.Contrast;
import org.cryomine.pipeline.MiningSettings;
import org.cryomine.pipeline.Recipe;

/**
 * Makes the {@link MiningSettings} of a Spark job where they are needed: the pipeline's settings are not
 * {@link Serializable}, so the driver and every task rebuild them from this (small, serializable) factory. It must
 * give equal settings every time (build them from constants and its own fields only).
 */
@FunctionalInterface
public interface MiningSettingsFactory extends Serializable {

    /** The settings; called once on the driver and once per task. */
    MiningSettings create();

    /**
     * Settings from a named recipe ({@link Recipe#mining(int)}) with the options of {@code MineDataset}.
     *
     * @param recipe           recipe name ({@code recommended} or {@code paper})
     * @param box              box edge in voxels
     * @param k                number of clusters
     * @param seed             seed of the network, the sample and k-means
     * @param maxTrainingBoxes at most this many boxes train the network (0: the recipe's)
     * @param gridStep         grid boxes every this many voxels (0: none)
     * @param bright           dense matter is bright (else dark)
     * @param maxPicks         at most this many DoG picks per tomogram (0: the picker's default)
     */
    record FromRecipe(String recipe, int box, int k, long seed, int maxTrainingBoxes, int gridStep, boolean bright,
                      int maxPicks) implements MiningSettingsFactory {

        public FromRecipe {
            java.util.Objects.requireNonNull(recipe, "recipe");
            if (box < 4 || box % 4 != 0) {
                throw new IllegalArgumentException("the box must be a positive multiple of 4 voxels, got " + box);
            }
            if (maxPicks < 0) {
                throw new IllegalArgumentException("max picks must be 0 (default) or positive, got " + maxPicks);
            }
            build(recipe, box, k, seed, maxTrainingBoxes, gridStep, bright, maxPicks); // validates the rest
        }

        @Override
        public MiningSettings create() {
            return build(recipe, box, k, seed, maxTrainingBoxes, gridStep, bright, maxPicks);
        }

        private static MiningSettings build(String recipe, int box, int k, long seed, int maxTrainingBoxes,
                                            int gridStep, boolean bright, int maxPicks) {
            MiningSettings s = Recipe.parse(recipe).mining(box).withK(k).withSeed(seed).withGridStep(gridStep);
            if (maxTrainingBoxes != 0) {
                s = s.withMaxTrainingBoxes(maxTrainingBoxes);
            }
            var picker = s.picker().withContrast(bright ? Contrast.BRIGHT : Contrast.DARK);
            return s.withPicker(maxPicks > 0 ? picker.withMaxPicks(maxPicks) : picker);
        }
    }
}
