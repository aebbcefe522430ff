package org.cryomine.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cryomine.cli.pipeline.MinedRun;
import org.cryomine.cli.pipeline.SegTrainOptions;
import org.cryomine.cli.pipeline.SegmentationTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cryomine train-seg}: Edss3d trained from weak labels of the selected clusters. */
@Command(name = "train-seg", mixinStandardHelpOptions = true,
        description = "Train the weakly supervised segmentation network (Edss3d) from the selected clusters of a run: "
                + "members' decoded images thresholded give the labels, unselected clusters give background examples.")
final class TrainSegCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN", description = "A run directory written by 'cryomine mine'.")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "SEGMODEL", description = "Output model directory.")
    Path out;

    @Option(names = "--level", defaultValue = "1.0", paramLabel = "L",
            description = "Weak-label threshold in standard deviations of the training data (default ${DEFAULT-VALUE}).")
    double level;

    @Option(names = "--background", defaultValue = "1.0", paramLabel = "R",
            description = "Background examples per labelled example (default ${DEFAULT-VALUE}).")
    double background;

    @Option(names = "--no-balance", description = "Do not weight classes by inverse frequency.")
    boolean noBalance;

    @Option(names = "--flips", description = "Augment with the eight axis flips (keeps the missing wedge).")
    boolean flips;

    @Option(names = "--skip", description = "Edss3d with a full-resolution skip connection (beyond the paper): sharper thin structures.")
    boolean skip;

    @Option(names = "--label-radius", defaultValue = "Infinity", paramLabel = "R",
            description = "Label each weak example only within R box edges of its centre; beyond, voxels are unknown to "
                    + "the loss (beyond the paper; default: the whole box).")
    double labelRadius;

    @Option(names = "--data-sigma", defaultValue = "0", paramLabel = "S",
            description = "Refine the weak labels with each member's own density smoothed by a Gaussian of S voxels: "
                    + "labelled where the decoding is denser than the mean and the smoothed member dense at --level "
                    + "(beyond the paper; default ${DEFAULT-VALUE}: the decoded image alone).")
    double dataSigma;

    @Option(names = "--complete-spheres", split = ",", paramLabel = "GROUP",
            description = "Complete the weak labels of these groups (comma-separated names) as spheres: vesicles whose "
                    + "labelled voxels fit a sphere get their whole shell labelled, including the parts the missing "
                    + "wedge hides (beyond the paper; default: none).")
    List<String> sphereGroups = new ArrayList<>();

    @Option(names = "--filters", defaultValue = "32", description = "Convolution filters (default ${DEFAULT-VALUE}).")
    int filters;

    @Option(names = "--epochs", defaultValue = "30", description = "Maximum epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--patience", defaultValue = "10", description = "Early-stopping patience (default ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--seed", defaultValue = "7", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "Network threads (0: all cores).")
    int threads;

    @Option(names = "--force", description = "Replace an existing model directory.")
    boolean force;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Mixin
    SelectionOptions selectionOptions;

    @Mixin
    RegionReadOptions reading;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SegTrainOptions options = new SegTrainOptions(level, background, !noBalance, flips, filters, epochs, patience,
                seed, threads, skip, labelRadius, dataSigma, sphereGroups);
        ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr(), quiet);
        SegmentationTraining.train(MinedRun.open(run), selectionOptions.selection(), options, out, force,
                reading.access(), reading.regionMemoryBytes(), progress, progress);
        spec.commandLine().getOut().printf("segmentation model written to %s%n", out);
        return 0;
    }
}
