package org.cryomine.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cryomine.core.Volume;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.cryomine.pipeline.Dataset;
import org.cryomine.pipeline.EmptyGroups;
import org.cryomine.pipeline.MinedRun;
import org.cryomine.pipeline.PipelineListener;
import org.cryomine.pipeline.Recipe;
import org.cryomine.pipeline.RunEmbedding;
import org.cryomine.segmentation.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cryomine embed}: the selected clusters pasted back into the tomogram as a label map. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed the selected clusters into the mined tomogram: each member's decoded image, thresholded, "
                + "is pasted at its position with its group's label (0 background, 1, 2, ... in the selection's order).",
                "Also writes LABELS.png: three orthogonal slices of the tomogram with the labels overlaid."})
final class EmbedCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN", description = "A run directory written by 'cryomine mine'.")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "LABELS.mrc",
            description = "Output label map; for a run of several tomograms a folder of label maps named after them.")
    Path out;

    @Option(names = "--recipe", defaultValue = "recommended", paramLabel = "NAME",
            description = "recommended (default; levels per group from the data) or paper (level 1).")
    String recipe;

    @Option(names = "--level", paramLabel = "L|auto", converter = LevelOption.class,
            description = "Threshold: a decoded voxel is dense when it is more than L standard deviations of the "
                    + "training data denser than its mean, for every group; auto: each group's level chosen from its "
                    + "members' decodings (Otsu's threshold of their densities above the mean near the box centres, clamped to 0.25-2) (recipe: "
                    + "recommended auto, paper 1).")
    Double level;

    @Option(names = "--force", description = "Overwrite the output files.")
    boolean force;

    @Option(names = "--allow-empty",
            description = "Exit 0 even when a group gets no voxel (otherwise a warning and exit status 3).")
    boolean allowEmpty;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Mixin
    SelectionOptions selectionOptions;

    @Mixin
    TimingOptions timing;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        timing.begin();
        Selection selection = selectionOptions.selection();
        MinedRun mined = MinedRun.open(run);
        StaleOutputs.cleanBeside(mined.dataset().size() == 1 ? out : out.resolve("x"));
        double l = level != null ? level : Recipe.parse(recipe).embedLevel();
        PipelineListener progress = timing.listen(new ConsoleProgress(spec.commandLine().getErr(), quiet));
        timing.lap("open");
        WriteOptions options = WriteOptions.defaults().withMode(0).withOverwrite(force)
                .withLabels(List.of("cryomine embed " + selection.groupNames()));
        if (mined.dataset().size() == 1) {
            RunEmbedding.Result result = RunEmbedding.embedWithLevels(mined, selection, l, progress);
            Volume labels = result.labels();
            timing.lap("embedding");
            printLevels(null, selection, result.levels(), Double.isNaN(l));
            Volumes.write(labels, out, options);
            timing.lap("write");
            Path png = LabelOverlays.pngBeside(out);
            LabelOverlays.write(Volumes.read(mined.tomogram()), labels, png, force);
            timing.lap("overlay");
            spec.commandLine().getOut().printf("label map written to %s (overlay %s)%n", out, png);
            return timed(emptyGroups(out, EmptyGroups.of(labels, selection), l));
        }
        // several tomograms: --out is a folder of label maps named after them
        java.nio.file.Files.createDirectories(out);
        int status = 0;
        for (int t = 0; t < mined.dataset().size(); t++) {
            Dataset.Tomogram tomo = mined.dataset().tomograms().get(t);
            Path file = out.resolve(tomo.name() + ".mrc");
            if (!force && java.nio.file.Files.exists(file)) {
                throw new IllegalArgumentException(file + " exists; pass --force to overwrite it");
            }
            RunEmbedding.Result result = RunEmbedding.embedWithLevels(mined, t, selection, l, progress);
            Volume labels = result.labels();
            timing.lap("embedding");
            printLevels(tomo.name(), selection, result.levels(), Double.isNaN(l));
            Volumes.write(labels, file, options);
            timing.lap("write");
            LabelOverlays.write(Volumes.read(tomo.path()), labels, LabelOverlays.pngBeside(file), force);
            timing.lap("overlay");
            status = Math.max(status, emptyGroups(file, EmptyGroups.of(labels, selection), l));
        }
        spec.commandLine().getOut().printf("%d label maps written to %s%n", mined.dataset().size(), out);
        return timed(status);
    }

    /** Prints the --timings table after the command's output; {@code status}. */
    private int timed(int status) {
        spec.commandLine().getOut().flush();
        timing.print(spec.commandLine().getErr(), "output");
        return status;
    }

    private void printLevels(String tomogram, Selection selection, List<Double> levels, boolean perGroup) {
        spec.commandLine().getOut().printf("embedding levels%s: %s%n", tomogram == null ? "" : " of " + tomogram,
                LevelOption.describe(selection, levels, perGroup));
    }

    /** Warns about groups without a voxel in {@code file}; the exit status. */
    private int emptyGroups(Path file, java.util.List<String> empty, double l) {
        if (empty.isEmpty()) {
            return 0;
        }
        spec.commandLine().getErr().printf("cryomine: warning: %s has no voxel of %s at level %s; give a lower --level or "
                + "check the selection%s%n", file, empty, Double.isNaN(l) ? "auto (per group)" : l, allowEmpty ? "" : " (exit status 3; --allow-empty to accept)");
        return allowEmpty ? 0 : CryomineCommand.EXIT_EMPTY_GROUP;
    }
}
