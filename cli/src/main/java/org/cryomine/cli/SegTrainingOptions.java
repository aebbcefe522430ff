package org.cryomine.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cryomine.pipeline.Recipe;
import org.cryomine.pipeline.SegTrainSettings;
import picocli.CommandLine.Option;

/**
 * The segmentation-training options that {@code train-seg} and {@code quality} share (a picocli mixin): the weak
 * labels, the training examples, the network's loss and shape, and the training's length. Each given one overrides
 * the recipe's setting; those not given leave it.
 */
final class SegTrainingOptions {

    @Option(names = "--background", paramLabel = "R",
            description = "Background examples per labelled example (recipe: 1).")
    Double background;

    @Option(names = "--balance", negatable = true,
            description = "Weight classes by the square root of inverse frequency (recipe: recommended on, paper off).")
    Boolean balance;

    @Option(names = "--skip", negatable = true,
            description = "Edss3d with a full-resolution skip connection (sharper thin structures; recipe: recommended "
                    + "on, paper off).")
    Boolean skip;

    @Option(names = "--label-radius", paramLabel = "R",
            description = "Label each weak example only within R box edges of its centre; beyond, voxels are unknown to "
                    + "the loss (recipe: recommended 0.45, paper Infinity: the whole box).")
    Double labelRadius;

    @Option(names = "--data-sigma", paramLabel = "S",
            description = "Refine the weak labels with each member's own density smoothed by a Gaussian of S voxels: "
                    + "labelled where the decoding is denser than the mean and the smoothed member dense at the "
                    + "weak-label level (recipe: recommended 1, paper 0: the decoded image alone).")
    Double dataSigma;

    @Option(names = "--min-steps", paramLabel = "N",
            description = "Train Edss3d for at least N batches: a small training set trains for more epochs than "
                    + "train-seg's --epochs, with its patience grown alike (recipe: recommended "
                    + Recipe.MIN_TRAINING_STEPS + ", paper 0: off).")
    Integer minSteps;

    @Option(names = "--shift", paramLabel = "N",
            description = "Cut each example with N voxels of context on each side and train each epoch on the box "
                    + "around a centre moved by up to N voxels per axis, its labels moved alike (beyond the paper; "
                    + "0: off, the recipes' default).")
    Integer shift;

    @Option(names = "--noise", paramLabel = "S",
            description = "Each epoch, add Gaussian noise of up to S standard deviations of the training data to each "
                    + "example and restore its spread, as a noisier tomogram would show it (beyond the paper; 0: off, "
                    + "the recipes' default).")
    Double noise;

    @Option(names = "--even-background", negatable = true,
            description = "Draw the background examples evenly from the unselected clusters, in turn, so rare kinds "
                    + "(a carbon edge, gold, small particles) are shown as background too, not only the most numerous "
                    + "(beyond the paper; off in both recipes: on the quality suite large globules +0.025 IoU, "
                    + "membranes -0.030, docs/recipes.md).")
    Boolean evenBackground;

    @Option(names = "--fresh-background", negatable = true,
            description = "Let every unselected box (at most " + org.cryomine.segmentation.WeakLabels.POOL_MULTIPLE
                    + " times as many as drawn) take turns as background: each epoch trains on --background per "
                    + "labelled example, a fresh sample each epoch, instead of one draw kept for the whole training "
                    + "(beyond the paper; off in both recipes: on ten quality-suite pairs membranes -0.021 IoU, "
                    + "docs/recipes.md).")
    Boolean freshBackground;

    @Option(names = "--networks", paramLabel = "N",
            description = "Train an ensemble of N Edss3d networks on the same weak labels, from seeds --seed, --seed + 1, "
                    + "...; segment uses the mean of their probabilities (beyond the paper; N times the training and "
                    + "segmenting time; 1 in both recipes: on ten quality-suite pairs 2 gave large globules +0.014 IoU, "
                    + "membranes +0.001, docs/recipes.md).")
    Integer networks;

    @Option(names = "--balanced-groups", negatable = true,
            description = "Give every selected group as many training examples as the group with the most members, "
                    + "repeating the others' members, so a membrane picked all along its length does not outweigh "
                    + "the particles (beyond the paper; off in both recipes: on the quality suite it lost 0.024 "
                    + "membrane IoU, docs/recipes.md).")
    Boolean balancedGroups;

    @Option(names = "--member-search", paramLabel = "ROUNDS",
            description = "Search ROUNDS times beside the members of the selected membrane groups for more boxes like "
                    + "them (a lattice step of a quarter box, each candidate moved onto the dense voxel near it, kept "
                    + "when its code's nearest centre is the group's cluster and no further than its furthest member); "
                    + "found boxes train as members (beyond the paper; 0, off, in both recipes; docs/recipes.md).")
    Integer memberSearch;

    @Option(names = "--group-average", paramLabel = "W",
            description = "Weight in [0, 1] of a particle group's average in its members' weak labels: each member's "
                    + "smoothed density is mixed with the group's members averaged, each aligned to the average by a "
                    + "shift of up to 3 voxels, so the labels follow the object rather than one box's noise; membrane "
                    + "groups keep their own densities; needs --data-sigma > 0 (beyond the paper; recommended: 0.5, paper: "
                    + "0, off; docs/recipes.md).")
    Double groupAverage;

    /** The options given, as the command line spells them, in declaration order. */
    List<String> given() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("--[no-]balance", balance);
        all.put("--[no-]skip", skip);
        all.put("--label-radius", labelRadius);
        all.put("--data-sigma", dataSigma);
        all.put("--min-steps", minSteps);
        all.put("--shift", shift);
        all.put("--[no-]even-background", evenBackground);
        all.put("--[no-]fresh-background", freshBackground);
        all.put("--[no-]balanced-groups", balancedGroups);
        all.put("--background", background);
        all.put("--noise", noise);
        all.put("--member-search", memberSearch);
        all.put("--networks", networks);
        all.put("--group-average", groupAverage);
        return all.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).toList();
    }

    /** {@code s} with the given options applied (a new instance; {@code s} itself is immutable). */
    SegTrainSettings apply(SegTrainSettings s) {
        s = balance != null ? s.withBalanced(balance) : s;
        s = skip != null ? s.withSkip(skip) : s;
        s = labelRadius != null ? s.withLabelRadius(labelRadius) : s;
        s = dataSigma != null ? s.withDataSigma(dataSigma) : s;
        s = background != null ? s.withBackground(background) : s;
        s = minSteps != null ? s.withMinSteps(minSteps) : s;
        s = shift != null ? s.withShift(shift) : s;
        s = noise != null ? s.withNoise(noise) : s;
        s = evenBackground != null ? s.withEvenBackground(evenBackground) : s;
        s = freshBackground != null ? s.withFreshBackground(freshBackground) : s;
        s = balancedGroups != null ? s.withBalancedGroups(balancedGroups) : s;
        s = networks != null ? s.withNetworks(networks) : s;
        s = groupAverage != null ? s.withGroupAverage(groupAverage) : s;
        return memberSearch != null ? s.withMemberSearch(memberSearch) : s;
    }
}
