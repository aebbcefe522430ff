package org.cryomine.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cryomine.io.Volumes;
import org.cryomine.nn.Autoencoder3D;
import org.cryomine.pipeline.Dataset;
import org.cryomine.pipeline.MiningPipeline;
import org.cryomine.pipeline.MiningSettings;
import org.cryomine.pipeline.PipelineListener;
import org.cryomine.pipeline.Recipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cryomine mine}: pick, (pose-normalize,) train, encode, cluster and report in a run directory. */
@Command(name = "mine", mixinStandardHelpOptions = true,
        description = {"Mine tomograms without annotation: pick subvolumes, train the autoencoder, cluster the codes "
                + "and write the cluster-selection report.",
                "Writes RUN/picks.star, RUN/codes.csv, RUN/model/, RUN/clusters/ and RUN/report.html. Rerunning on "
                        + "the same RUN reuses every stage whose settings are unchanged."})
final class MineCommand implements Callable<Integer> {

    @Parameters(index = "0..*", arity = "0..*", paramLabel = "TOMO",
            description = {"The tomograms (MRC, or TIFF stacks): files, folders, globs (quoted, e.g. 'data/TS_*.mrc'), "
                    + "a STAR list (rlnTomoName and rlnTomoReconstructedTomogram, as RELION 5's tomograms.star) or a "
                    + "text file with one path per line. Several tomograms are mined as one dataset: one autoencoder, "
                    + "one codebook, every pick naming its tomogram (rlnTomoName). Or none, with --copick."})
    List<String> tomograms;

    @Mixin
    CopickInputOptions copick;

    @Option(names = "--force",
            description = "Mine into RUN even when it holds other files and is not a cryomine run.")
    boolean force;

    @Option(names = "--allow-mixed-contrast",
            description = "Mine a dataset even though its tomograms seem to follow different contrast conventions "
                    + "(by the skewness of their voxel values).")
    boolean allowMixedContrast;

    @Option(names = "--retrain",
            description = "Train the autoencoder again even when its settings are unchanged (e.g. after adding tomograms "
                    + "to a dataset run, which are otherwise encoded with the trained network).")
    boolean retrain;

    @Option(names = "--max-training-boxes", paramLabel = "N",
            description = "Train the autoencoder on at most N boxes, a seeded sample drawn evenly from the tomograms "
                    + "(recipe: 1500 recommended, 20000 paper); every box is still encoded and clustered.")
    Integer maxTrainingBoxes;

    @Option(names = "--standardize-tomograms", negatable = true,
            description = "In a dataset run, cut each tomogram's boxes from it changed affinely to median 0 and spread "
                    + "1 (1.4826 MAD of 16 sampled slices), so that tomograms in other units (other reconstructions, "
                    + "file types) are encoded alike; picking sees them as they are (beyond the paper; recipe: "
                    + "recommended on, paper off). A run of one tomogram keeps its units.")
    Boolean standardizeTomograms;

    @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run directory (created or resumed).")
    Path out;

    @Option(names = "--recipe", defaultValue = "recommended", paramLabel = "NAME",
            description = "recommended (the best measured settings; default) or paper (exactly the published method). "
                    + "The options below override single settings of the recipe.")
    String recipe;

    @Option(names = "--k", paramLabel = "K|auto", description = "Number of k-means clusters (recipe: 100), or auto: "
            + "the k of highest silhouette from 8 to 60 (at most a tenth of the subvolumes), printed and recorded.")
    String k;

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

    @Mixin
    AutoencoderOptions autoencoder;

    @Option(names = "--precision", paramLabel = "auto|float32|mixed",
            description = "Arithmetic of the autoencoder: " + PrecisionOption.DESCRIPTION)
    String precision;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of training and clustering (recipe: 7).")
    Long seed;

    @Option(names = "--threads", defaultValue = "0", description = "Threads for the network (0: all cores).")
    int threads;

    @Mixin
    RegionReadOptions reading;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Mixin
    PickingOptions picking;

    @Mixin
    TimingOptions timing;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        timing.begin();
        Dataset dataset = copick.dataset(tomograms);
        Path first = dataset.tomograms().get(0).path();
        int edge = boxAngst == null ? box : BoxSizes.fromAngst(boxAngst, Volumes.readHeader(first).voxelSizeOrDefault().x());
        MiningSettings settings = settings(edge);
        PipelineListener progress = timing.listen(new ConsoleProgress(spec.commandLine().getErr(), quiet));
        timing.lap("open");
        MiningPipeline.Result result = MiningPipeline.of(settings).withAccess(reading.access()).withForeignFolder(force)
                .withMixedContrast(allowMixedContrast)
                .withRegionMemory(reading.regionMemoryBytes()).run(dataset, out, retrain, progress);
        spec.commandLine().getOut().printf("%d subvolumes%s in %d clusters%s; open %s to select clusters%n",
                result.codes().length, dataset.size() > 1 ? " of " + dataset.size() + " tomograms" : "",
                result.centroids().length, settings.isAutoK() ? " (k chosen from the codes by silhouette)" : "",
                out.resolve("report.html"));
        spec.commandLine().getOut().flush();
        timing.print(spec.commandLine().getErr(), "report and output");
        return 0;
    }

    private static int parseK(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--k must be a number of clusters or 'auto', got '" + value + "'");
        }
    }

    /** The recipe's settings for {@code edge}^3 boxes with the options given on the command line applied. */
    MiningSettings settings(int edge) {
        MiningSettings s = Recipe.parse(recipe).mining(edge);
        Autoencoder3D.Builder ae = s.autoencoder().toBuilder().threads(threads);
        autoencoder.apply(ae);
        Boolean mixed = PrecisionOption.parse(precision);
        if (mixed != null) {
            ae.mixedPrecision(mixed);
        }
        s = s.withPicker(picking.picker(s.picker(), edge)).withAutoencoder(ae.build()).withGridStep(grid)
                .withPoseNormalize(poseNormalize).withRestarts(restarts);
        s = autoencoder.codeAveraging(s);
        if (k != null) {
            s = k.equalsIgnoreCase("auto") ? s.withAutoK() : s.withK(parseK(k));
        }
        if (maxTrainingBoxes != null) {
            s = s.withMaxTrainingBoxes(maxTrainingBoxes);
        }
        if (standardizeTomograms != null) {
            s = s.withStandardizeTomograms(standardizeTomograms);
        }
        return seed != null ? s.withSeed(seed) : s;
    }
}
