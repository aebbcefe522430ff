package org.cryomine.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cryomine.pipeline.MinedRun;
import org.cryomine.pipeline.PipelineListener;
import org.cryomine.pipeline.Recipe;
import org.cryomine.pipeline.SegModel;
import org.cryomine.pipeline.SegTrainSettings;
import org.cryomine.pipeline.SegmentationTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cryomine train-seg}: Edss3d trained from weak labels of the selected clusters. */
@Command(name = "train-seg", mixinStandardHelpOptions = true,
        description = "Train the weakly supervised segmentation network (Edss3d) from the selected clusters of a run: "
                + "members' decoded images thresholded give the labels, unselected clusters give background examples.")
final class TrainSegCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN", description = "A run directory written by 'cryomine mine'.")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "SEGMODEL", description = "Output model directory.")
    Path out;

    @Option(names = "--recipe", defaultValue = "recommended", paramLabel = "NAME",
            description = "recommended (the best measured settings; default) or paper (exactly the published method). "
                    + "The options below override single settings of the recipe.")
    String recipe;

    @Option(names = "--level", paramLabel = "L|auto", converter = LevelOption.class,
            description = "Weak-label threshold in standard deviations of the training data (dense side), one level for "
                    + "every group; auto: each group's level chosen from its members (Otsu's threshold of their "
                    + "decoded densities above the mean near the box centres, clamped to 0.25-2) (recipe: recommended auto, paper 1).")
    Double level;

    @Option(names = "--flips", negatable = true, description = "Augment with the eight axis flips (keeps the missing wedge): "
            + "eight times the work per epoch.")
    Boolean flips;

    @Option(names = "--flip-augmentation", negatable = true,
            description = "Each epoch, train on every example flipped along a random choice of axes (keeps the missing "
                    + "wedge), at the cost of an unflipped epoch (beyond the paper; recipe: paper off).")
    Boolean flipAugmentation;

    @Option(names = "--complete-spheres", split = ",", paramLabel = "GROUP",
            description = "Complete the weak labels of these groups (comma-separated names) as spheres: vesicles whose "
                    + "labelled voxels fit a sphere get their whole shell labelled, including the parts the missing "
                    + "wedge hides (beyond the paper; default: none).")
    List<String> sphereGroups = new ArrayList<>();

    @Option(names = "--complete-membranes", negatable = true,
            description = "Complete the spheres of every membrane group's weak labels as --complete-spheres does (a group "
                    + "of \"kind\": \"membrane\", or named with 'membrane' or 'vesicle'; beyond the paper). Skipped, "
                    + "with a note, for dataset and pose-normalized runs. Default: the recipe's.")
    Boolean completeMembranes;

    @Option(names = "--central-object", negatable = true,
            description = "Label only the dense piece nearest each box centre (the picked object); other dense pieces "
                    + "in the box teach nothing (beyond the paper; recipe: recommended on, paper off).")
    Boolean centralObject;

    @Option(names = "--weight-averaging", paramLabel = "DECAY",
            description = "Validate, keep and save a moving average of the network's weights over the training steps "
                    + "(DECAY per step, e.g. 0.99: about the last 100 steps) instead of the weights as the last step "
                    + "left them (beyond the paper; 0: off; docs/recipes.md).")
    Double weightAveraging;

    @Option(names = "--precision", paramLabel = "auto|float32|mixed",
            description = "Arithmetic of Edss3d: " + PrecisionOption.DESCRIPTION)
    String precision;

    @Option(names = "--filters", paramLabel = "N", description = "Convolution filters (recipe: 32).")
    Integer filters;

    @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs whatever the training set's size "
            + "(turns the recipe's --min-steps off; recipe: recommended 12, paper 30).")
    Integer epochs;

    @Option(names = "--patience", paramLabel = "N",
            description = "Early-stopping patience (recipe: recommended 4, paper 20).")
    Integer patience;

    @Option(names = "--seed", paramLabel = "N", description = "Seed (recipe: 7).")
    Long seed;

    @Option(names = "--threads", defaultValue = "0", description = "Network threads (0: all cores).")
    int threads;

    @Option(names = "--force", description = "Replace an existing model directory.")
    boolean force;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Mixin
    SegTrainingOptions training;

    @Mixin
    SelectionOptions selectionOptions;

    @Mixin
    RegionReadOptions reading;

    @Mixin
    TimingOptions timing;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        timing.begin();
        PipelineListener progress = timing.listen(new ConsoleProgress(spec.commandLine().getErr(), quiet));
        MinedRun mined = MinedRun.open(run);
        timing.lap("open");
        SegTrainSettings settings = settings();
        SegModel model = SegmentationTraining.of(settings).withAccess(reading.access())
                .withRegionMemory(reading.regionMemoryBytes())
                .train(mined, selectionOptions.selection(), out, force, progress);
        timing.lap("save model");
        spec.commandLine().getOut().printf("weak-label levels: %s%n",
                LevelOption.describe(model.selection(), model.groupLevels(), settings.perGroupLevels()));
        spec.commandLine().getOut().printf("segmentation model written to %s%n", out);
        spec.commandLine().getOut().flush();
        timing.print(spec.commandLine().getErr(), "output");
        return 0;
    }

    /** The recipe's settings with the options given on the command line applied. */
    SegTrainSettings settings() {
        SegTrainSettings s = Recipe.parse(recipe).segmentationTraining().withThreads(threads)
                .withSphereGroups(sphereGroups);
        s = level != null ? s.withLevel(level) : s;
        s = flips != null ? s.withFlips(flips) : s;
        s = flipAugmentation != null ? s.withFlipAugmentation(flipAugmentation) : s;
        s = filters != null ? s.withFilters(filters) : s;
        s = centralObject != null ? s.withCentralObject(centralObject) : s;
        s = weightAveraging != null ? s.withWeightAveraging(weightAveraging) : s;
        Boolean mixed = PrecisionOption.parse(precision);
        s = mixed != null ? s.withMixedPrecision(mixed) : s;
        s = epochs != null ? s.withEpochs(epochs) : s; // exactly these epochs: turns --min-steps off
        s = training.apply(s); // after --epochs: a given --min-steps turns on again
        s = completeMembranes != null ? s.withCompleteMembranes(completeMembranes) : s;
        s = patience != null ? s.withPatience(patience) : s;
        return seed != null ? s.withSeed(seed) : s;
    }
}
