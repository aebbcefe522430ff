package org.cryomine.demo;

import org.cryomine.pipeline.MiningSettings;
import org.cryomine.pipeline.Recipe;
import org.cryomine.pipeline.SegTrainSettings;

/**
 * Sizes and settings of {@code cryomine demo}. Immutable; the {@code with*} methods return changed copies.
 *
 * @param size           simulated tomogram size (x, y, z) in voxels
 * @param vesicles       membrane vesicles per simulated tomogram (-1: the simulator's density)
 * @param sheets         flat membrane sheets per simulated tomogram (-1: the simulator's density)
 * @param mining         the mining settings (picker, autoencoder, k, seed)
 * @param poseNormalized also mine with pose normalization and report it
 * @param level          embedding threshold (standard deviations); NaN: a level per group from the data
 * @param segmentation   Edss3d training settings
 * @param seed           seed of the simulations (the second tomogram uses seed + 1)
 */
public record DemoSettings(int[] size, int vesicles, int sheets, MiningSettings mining, boolean poseNormalized,
                           double level, SegTrainSettings segmentation, long seed) {

    public DemoSettings {
        size = size.clone();
        if (size.length != 3) {
            throw new IllegalArgumentException("size needs x, y and z");
        }
        java.util.Objects.requireNonNull(mining, "mining");
        java.util.Objects.requireNonNull(segmentation, "segmentation");
    }

    @Override
    public int[] size() {
        return size.clone();
    }

    /** Subvolume edge in voxels. */
    public int box() {
        return mining.boxSize();
    }

    public DemoSettings withSize(int[] v) {
        return new DemoSettings(v, vesicles, sheets, mining, poseNormalized, level, segmentation, seed);
    }

    public DemoSettings withMining(MiningSettings v) {
        return new DemoSettings(size, vesicles, sheets, v, poseNormalized, level, segmentation, seed);
    }

    public DemoSettings withPoseNormalized(boolean v) {
        return new DemoSettings(size, vesicles, sheets, mining, v, level, segmentation, seed);
    }

    /** The embedding's and the weak labels' threshold level. */
    public DemoSettings withLevel(double v) {
        return new DemoSettings(size, vesicles, sheets, mining, poseNormalized, v, segmentation.withLevel(v), seed);
    }

    public DemoSettings withSegmentation(SegTrainSettings v) {
        return new DemoSettings(size, vesicles, sheets, mining, poseNormalized, level, v, seed);
    }

    /**
     * Membrane pieces under 1000 voxels set to background after segmenting (segment --min-piece membrane=1000):
     * whole-mode membrane IoU 0.429 -> 0.450, 0.351 -> 0.428 and 0.397 -> 0.413 in three runs. Large globules
     * gained nothing (0.670 -> 0.667), so they are left whole.
     */
    static final java.util.Map<String, Integer> MIN_PIECES =
            java.util.Map.of(org.cryomine.core.simulate.ObjectClass.MEMBRANE.displayName(), 1000);

    /**
     * The membrane group's weak labels completed as spheres (train-seg --complete-spheres membrane): the
     * vesicles' caps that the missing wedge hides are labelled too. From one mined run (whole-mode IoU membrane,
     * tiles reaching beyond the faces): 0.389 with the shells painted into the existing boxes (0.38-0.42
     * without the margin; 0.38 without completion) and 0.434-0.440 with boxes added on the spheres.
     */
    static final java.util.List<String> SPHERE_GROUPS =
            java.util.List.of(org.cryomine.core.simulate.ObjectClass.MEMBRANE.displayName());

    /**
     * The same groups' spheres completed in the segmentations too (segment --complete-spheres membrane), with
     * shells 1.5 voxels to either side of the surface (--shell-half-thickness 1.5). Painted afterwards onto five
     * earlier default-demo segmentations of the second tomogram: whole mode 0.475-0.503 -> 0.528-0.545, clusters
     * mode 0.413-0.495 -> 0.512-0.551, every accepted sphere a true vesicle. Half thicknesses of 1, 2 and 2.5
     * and the spheres' own (1.5 RMS residuals) gave less on three of them.
     */
    static final double SHELL_HALF_THICKNESS = 1.5;

    /** Most DoG picks kept per tomogram. */
    static final int MAX_PICKS = 1500;

    /**
     * The default demo on {@code recipe}: two 256x256x96 tomograms, k = 30, 32^3 boxes. With the
     * {@link Recipe#RECOMMENDED} recipe the membrane group's spheres are completed too.
     */
    public static DemoSettings standard(Recipe recipe) {
        MiningSettings mining = recipe.mining(32).withK(30)
                .withPicker(recipe.picker(32).withMaxPicks(MAX_PICKS));
        SegTrainSettings seg = recipe.segmentationTraining();
        if (recipe == Recipe.RECOMMENDED) {
            seg = seg.withSphereGroups(SPHERE_GROUPS);
        }
        return new DemoSettings(new int[] {256, 256, 96}, 6, 3, mining, true, recipe.embedLevel(), seg, 7);
    }

    /** A smaller, faster demo for a first look (about a minute here): two 192x192x80 tomograms, k = 15. */
    public static DemoSettings quick(Recipe recipe) {
        MiningSettings mining = recipe.mining(32).withK(15)
                .withPicker(recipe.picker(32).withMaxPicks(600));
        mining = mining.withAutoencoder(mining.autoencoder().toBuilder().filters(16).maxEpochs(10).patience(4).build());
        SegTrainSettings seg = recipe.segmentationTraining().withLevel(1.0).withFilters(16).withEpochs(4)
                .withPatience(2);
        if (recipe == Recipe.RECOMMENDED) {
            seg = seg.withSphereGroups(SPHERE_GROUPS);
        }
        return new DemoSettings(new int[] {192, 192, 80}, 4, 2, mining, true, 1.0, seg, 7);
    }
}
