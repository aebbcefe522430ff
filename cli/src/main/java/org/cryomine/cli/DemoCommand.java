package org.cryomine.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cryomine.demo.Demo;
import org.cryomine.demo.DemoReport;
import org.cryomine.demo.DemoSettings;
import org.cryomine.nn.Autoencoder3D;
import org.cryomine.pipeline.MiningSettings;
import org.cryomine.pipeline.Recipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cryomine demo}: the whole pipeline on simulated tomograms, with quality measured on ground truth. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Simulate two tomograms with ground truth, mine the first, select the membrane and large-globule "
                + "clusters from the truth (standing in for a person), embed them, train the segmentation network and "
                + "segment the second tomogram in both modes; print the quality table.",
                "Everything is written under --out (tomograms, run directories, label maps, report.html)."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "demo-out", paramLabel = "DIR",
            description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--quick", description = "Smaller tomograms and networks: a first look in a couple of minutes.")
    boolean quick;

    @Option(names = "--recipe", defaultValue = "recommended", paramLabel = "NAME",
            description = "recommended (default) or paper: the recipe of the whole chain.")
    String recipe;

    @Option(names = "--size", split = ",", paramLabel = "X,Y,Z", description = "Size of the simulated tomograms.")
    int[] size;

    @Option(names = "--k", description = "Number of clusters.")
    Integer k;

    @Option(names = "--epochs", description = "Autoencoder epochs.")
    Integer epochs;

    @Option(names = "--filters", description = "Autoencoder filters.")
    Integer filters;

    @Option(names = "--grid", paramLabel = "STEP", description = "Add grid boxes every STEP voxels (0: none).")
    Integer grid;

    @Option(names = "--level", description = "Embedding and weak-label threshold (standard deviations).")
    Double level;

    @Option(names = "--seg-epochs", description = "Edss3d epochs.")
    Integer segEpochs;

    @Option(names = "--no-pose", description = "Skip the pose-normalized run.")
    boolean noPose;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (size != null && size.length != 3) {
            throw new IllegalArgumentException("--size needs three numbers X,Y,Z");
        }
        Recipe r = Recipe.parse(recipe);
        DemoSettings settings = quick ? DemoSettings.quick(r) : DemoSettings.standard(r);
        settings = size != null ? settings.withSize(size) : settings;
        settings = noPose ? settings.withPoseNormalized(false) : settings;
        settings = level != null ? settings.withLevel(level) : settings;
        settings = segEpochs != null ? settings.withSegmentation(settings.segmentation().withEpochs(segEpochs)) : settings;
        MiningSettings mining = settings.mining().withGridStep(grid != null ? grid : settings.mining().gridStep());
        mining = k != null ? mining.withK(k) : mining;
        if (epochs != null || filters != null) {
            Autoencoder3D ae = settings.mining().autoencoder();
            mining = mining.withAutoencoder(ae.toBuilder().maxEpochs(epochs != null ? epochs : ae.maxEpochs())
                    .filters(filters != null ? filters : ae.filters()).build());
        }
        settings = settings.withMining(mining);
        ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr(), quiet);
        long start = System.nanoTime();
        DemoReport report = new Demo(settings).run(out, progress);
        spec.commandLine().getOut().print(report.toTable());
        spec.commandLine().getOut().printf("%ndemo finished in %.0f s; results in %s (open %s)%n",
                (System.nanoTime() - start) / 1e9, out, out.resolve("run/report.html"));
        return 0;
    }
}
