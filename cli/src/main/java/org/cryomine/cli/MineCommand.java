package org.cryomine.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cryomine.cli.pipeline.MineOptions;
import org.cryomine.cli.pipeline.MiningPipeline;
import org.cryomine.io.Volumes;
import org.cryomine.nn.Autoencoder3D;
import org.cryomine.nn.CodeAveraging;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cryomine mine}: pick, (pose-normalize,) train, encode, cluster and report in a run directory. */
@Command(name = "mine", mixinStandardHelpOptions = true,
        description = {"Mine a tomogram without annotation: pick subvolumes, train the autoencoder, cluster the codes "
                + "and write the cluster-selection report.",
                "Writes RUN/picks.star, RUN/codes.csv, RUN/model/, RUN/clusters/ and RUN/report.html. Rerunning on "
                        + "the same RUN reuses every stage whose settings are unchanged."})
final class MineCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TOMO", description = "The tomogram (MRC, or a TIFF stack).")
    Path tomogram;

    @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run directory (created or resumed).")
    Path out;

    @Option(names = "--k", defaultValue = "100", description = "Number of k-means clusters (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--restarts", defaultValue = "3", description = "k-means restarts (default ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--pose-normalize", description = "Pose-normalize the subvolumes before training.")
    boolean poseNormalize;

    @Option(names = "--box", defaultValue = "32", paramLabel = "VOXELS",
            description = "Cubic box edge in voxels, a multiple of 4 (default ${DEFAULT-VALUE}).")
    int box;

    @Option(names = "--box-angst", paramLabel = "ANGSTROM",
            description = "Box edge in Å, rounded to a multiple of 4 voxels with the header's voxel size (overrides --box).")
    Double boxAngst;

    @Option(names = "--grid", defaultValue = "0", paramLabel = "STEP",
            description = "Also cut boxes on a grid with this step in voxels (0: off).")
    int grid;

    @Option(names = "--epochs", defaultValue = "30", description = "Maximum training epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--filters", defaultValue = "32",
            description = "Convolution filters of the autoencoder (default ${DEFAULT-VALUE}, as the paper).")
    int filters;

    @Option(names = "--code-size", defaultValue = "32", description = "Length of the codes (default ${DEFAULT-VALUE}).")
    int codeSize;

    @Option(names = "--linear-code",
            description = "A linear code instead of the paper's ReLU code (ReLU codes often lose units that stay zero).")
    boolean linearCode;

    @Option(names = "--centre-weighting", defaultValue = "0", paramLabel = "S",
            description = "Weight the autoencoder's reconstruction loss by a Gaussian of sigma S box edges around the box "
                    + "centre, so the code describes the picked object more than its neighbours (0: the paper's plain loss; "
                    + "the demo uses 0.15).")
    double centreWeighting;

    @Option(names = "--flip-augmentation",
            description = "Train the autoencoder on each box flipped along a random choice of axes, drawn anew every epoch "
                    + "(the eight axis flips keep a missing wedge about y; beyond the paper). The codes are of the boxes "
                    + "as they are; see --flip-averaged-codes.")
    boolean flipAugmentation;

    @Option(names = "--flip-averaged-codes",
            description = "Cluster each box by the mean of the codes of its eight axis flips, so mirror images of one "
                    + "structure fall in one cluster (use with --flip-augmentation; eight times the encoding; beyond the "
                    + "paper). codes.csv keeps each box's own code; codes-flip-averaged.csv holds the clustered ones.")
    boolean flipAveragedCodes;

    @Option(names = "--patience", defaultValue = "20",
            description = "Stop after this many epochs without a better validation loss (default ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of training and clustering (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "Threads for the network (0: all cores).")
    int threads;

    @Mixin
    RegionReadOptions reading;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Mixin
    PickingOptions picking;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int edge = boxAngst == null ? box : BoxSizes.fromAngst(boxAngst, Volumes.readHeader(tomogram).voxelSizeOrDefault().x());
        Autoencoder3D ae = Autoencoder3D.builder().boxSize(edge).filters(filters).codeSize(codeSize).linearCode(linearCode).centreWeighting(centreWeighting).flipAugmentation(flipAugmentation).maxEpochs(epochs).patience(patience).seed(seed)
                .threads(threads).build();
        MineOptions options = new MineOptions(picking.picker(edge), grid, poseNormalize, ae,
                flipAveragedCodes ? CodeAveraging.FLIPS : CodeAveraging.NONE, k, restarts, seed);
        ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr(), quiet);
        MiningPipeline.Result result = new MiningPipeline(options, reading.access(),
                reading.regionMemoryBytes()).run(tomogram, out, progress, progress);
        spec.commandLine().getOut().printf("%d subvolumes in %d clusters; open %s to select clusters%n",
                result.codes().length, result.centroids().length, out.resolve("report.html"));
        return 0;
    }
}
