package org.cryomine.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cryomine.cli.pipeline.SegModel;
import org.cryomine.cli.pipeline.Segmentation;
import org.cryomine.cli.pipeline.TomogramAccess;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.Contrast;
import org.cryomine.io.VolumeHeader;
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
                        + "their boxes. --mode whole: overlapping tiles over the entire tomogram, blended.",
                "The tomogram and the label map are held in memory (about 4 x (3 + classes) bytes per voxel); a larger "
                        + "tomogram is refused before it is read."})
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

    @Option(names = "--flip-average",
            description = "Average each tile's probabilities over its eight axis flips (beyond the paper; 8x the time).")
    boolean flipAverage;

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
        requireFitsInMemory(Volumes.readHeader(tomogram), seg.selection().groups().size() + 1);
        Volume tomo = Volumes.read(tomogram);
        if (tomo.nx() < seg.boxSize() || tomo.ny() < seg.boxSize() || tomo.nz() < seg.boxSize()) {
            throw new IllegalArgumentException("the tomogram " + tomo + " is smaller than the model's " + seg.boxSize()
                    + "^3 box");
        }
        picking.bright = picking.bright || seg.contrast() == Contrast.BRIGHT;
        Volume labels = Segmentation.segment(seg, tomo, m, picking.picker(seg.boxSize()), bf16, flipAverage,
                new ConsoleProgress(spec.commandLine().getErr(), quiet));
        Volumes.write(labels, out, WriteOptions.defaults().withMode(0).withOverwrite(force)
                .withLabels(List.of("cryomine segment " + m.name().toLowerCase(java.util.Locale.ROOT) + " "
                        + seg.selection().groups().stream().map(Selection.Group::name).toList())));
        spec.commandLine().getOut().printf("label map written to %s%n", out);
        return 0;
    }

    /**
     * Segmentation holds the tomogram, one probability map per class, their blending weights and the label
     * map, all full size (io has no streaming MRC writer, so the label map cannot be written slab by slab):
     * about {@code 4 (3 + classes)} bytes per voxel. Fails before reading when that cannot fit the heap.
     */
    static void requireFitsInMemory(VolumeHeader h, int classes) {
        long need = h.voxelCount() * Float.BYTES * (3L + classes);
        long heap = Runtime.getRuntime().maxMemory();
        if (h.voxelCount() > Volume.MAX_VOXELS || need > heap) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "the %s tomogram is too large to "
                    + "segment: segment holds it, %d class probability maps and the label map in memory, about %.1f GB, "
                    + "but the Java heap is %.1f GB%s. Crop the tomogram to the region of interest (e.g. IMOD's trimvol)"
                    + "%s", TomogramAccess.describe(h), classes, need / 1e9, heap / 1e9,
                    h.voxelCount() > Volume.MAX_VOXELS ? " and one volume holds at most 2^31 voxels" : "",
                    h.voxelCount() > Volume.MAX_VOXELS ? "" : " or raise the heap (CRYOMINE_JAVA_OPTS=-Xmx...)"));
        }
    }
}
