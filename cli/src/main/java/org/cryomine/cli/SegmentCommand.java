package org.cryomine.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cryomine.cli.pipeline.SegModel;
import org.cryomine.cli.pipeline.Segmentation;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.Contrast;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.cryomine.segmentation.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cryomine segment}: a trained segmentation model applied to a new tomogram. */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = {"Segment a new tomogram with a model from 'cryomine train-seg', writing a full-size label map "
                + "(0 background, 1, 2, ... for the selection's groups).",
                "--mode clusters (the paper's): pick, encode, keep picks whose nearest cluster was selected, segment "
                        + "their boxes. --mode whole: overlapping tiles over the entire tomogram, blended."})
final class SegmentCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SEGMODEL", description = "A model directory from 'cryomine train-seg'.")
    Path model;

    @Parameters(index = "1", paramLabel = "TOMO", description = "The tomogram to segment.")
    Path tomogram;

    @Option(names = "--out", required = true, paramLabel = "LABELS.mrc", description = "Output label map.")
    Path out;

    @Option(names = "--mode", defaultValue = "whole", description = "clusters or whole (default ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--bf16",
            description = "Run the network in bfloat16 (faster on CPUs with AVX512_BF16 or AMX; within a few per cent).")
    boolean bf16;

    @Option(names = "--force", description = "Overwrite the output file.")
    boolean force;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Mixin
    PickingOptions picking;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Segmentation.Mode m = switch (mode.toLowerCase(java.util.Locale.ROOT)) {
            case "clusters" -> Segmentation.Mode.CLUSTERS;
            case "whole" -> Segmentation.Mode.WHOLE;
            default -> throw new IllegalArgumentException("--mode must be 'clusters' or 'whole', got '" + mode + "'");
        };
        if (!force && Files.exists(out)) {
            throw new IllegalArgumentException(out + " exists; pass --force to overwrite it");
        }
        SegModel seg = SegModel.open(model);
        Volume tomo = Volumes.read(tomogram);
        if (tomo.nx() < seg.boxSize() || tomo.ny() < seg.boxSize() || tomo.nz() < seg.boxSize()) {
            throw new IllegalArgumentException("the tomogram " + tomo + " is smaller than the model's " + seg.boxSize()
                    + "^3 box");
        }
        picking.bright = picking.bright || seg.contrast() == Contrast.BRIGHT;
        Volume labels = Segmentation.segment(seg, tomo, m, picking.picker(seg.boxSize()), bf16,
                new ConsoleProgress(spec.commandLine().getErr(), quiet));
        Volumes.write(labels, out, WriteOptions.defaults().withMode(0).withOverwrite(force)
                .withLabels(List.of("cryomine segment " + m.name().toLowerCase(java.util.Locale.ROOT) + " "
                        + seg.selection().groups().stream().map(Selection.Group::name).toList())));
        spec.commandLine().getOut().printf("label map written to %s%n", out);
        return 0;
    }
}
