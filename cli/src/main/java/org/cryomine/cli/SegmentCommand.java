package org.cryomine.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cryomine.cli.pipeline.FileRegionSource;
import org.cryomine.cli.pipeline.SegModel;
import org.cryomine.cli.pipeline.Segmentation;
import org.cryomine.cli.pipeline.TomogramAccess;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.Contrast;
import org.cryomine.io.SlabWriter;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
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
                "Both modes read a tomogram too large for the heap by region (see --read) and write the label map "
                        + "slab by slab, with the same labels as in memory (clusters mode cuts its boxes into a scratch "
                        + "file next to the output, removed before segmenting)."})
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

    @Option(names = "--min-piece", paramLabel = "GROUP=VOXELS",
            description = "Set to background every connected piece of GROUP smaller than VOXELS voxels (repeatable; "
                    + "beyond the paper: removes specks, e.g. membrane=1000; the demo's measure is in the README). Needs "
                    + "the label map in memory: not with the tomogram read by region.")
    java.util.Map<String, Integer> minPieces = new java.util.LinkedHashMap<>();

    @Option(names = "--complete-spheres", split = ",", paramLabel = "GROUP",
            description = "After --min-piece, fit spheres to these groups' labels (comma-separated names) and label the "
                    + "background voxels on each accepted sphere's shell too: the vesicle caps the missing wedge hides "
                    + "(beyond the paper). Needs the label map in memory: not with the tomogram read by region.")
    List<String> sphereGroups = new java.util.ArrayList<>();

    @Option(names = "--shell-half-thickness", defaultValue = "1.5", paramLabel = "VOXELS",
            description = "Half the thickness of the shells --complete-spheres paints, in voxels (default "
                    + "${DEFAULT-VALUE}, best of 1 to 2.5 in the demo at 10 A voxels).")
    double shellHalfThickness;

    @Option(names = "--probabilities", paramLabel = "DIR",
            description = "Also write each class's blended probability (0 to 1, float32 MRC, before --min-piece) into "
                    + "DIR: 0_background.mrc, 1_<first group>.mrc, ... One more map per class in memory; by region they "
                    + "are written slab by slab too.")
    Path probabilities;

    @Option(names = "--force", description = "Overwrite the output file (and the probability maps).")
    boolean force;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Mixin
    RegionReadOptions reading;

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
        List<Path> probabilityFiles = probabilityFiles(seg);
        for (Path p : probabilityFiles) {
            if (!force && Files.exists(p)) {
                throw new IllegalArgumentException(p + " exists; pass --force to overwrite it, or choose another "
                        + "--probabilities folder");
            }
        }
        VolumeHeader header = Volumes.readHeader(tomogram);
        if (header.nx() < seg.boxSize() || header.ny() < seg.boxSize() || header.nz() < seg.boxSize()) {
            throw new IllegalArgumentException("the tomogram " + header.nx() + "x" + header.ny() + "x" + header.nz()
                    + " is smaller than the model's " + seg.boxSize() + "^3 box");
        }
        int classes = seg.selection().groups().size() + 1;
        ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr(), quiet);
        WriteOptions writeOptions = WriteOptions.defaults().withMode(0).withOverwrite(force)
                .withLabels(List.of("cryomine segment " + m.name().toLowerCase(java.util.Locale.ROOT) + " "
                        + seg.selection().groupNames()));
        int maps = probabilityFiles.isEmpty() ? classes : 2 * classes;
        boolean byRegion = readsByRegion(reading.access(), header, maps, Runtime.getRuntime().maxMemory());
        if (byRegion) {
            refuseByRegion("--min-piece", !minPieces.isEmpty());
            refuseByRegion("--complete-spheres", !sphereGroups.isEmpty());
        }
        sphereGroups.forEach(g -> seg.selection().labelOfGroup(g, "--complete-spheres"));
        if (!(shellHalfThickness > 0) || !Double.isFinite(shellHalfThickness)) {
            throw new IllegalArgumentException("--shell-half-thickness must be a positive number of voxels, got "
                    + shellHalfThickness);
        }
        for (var e : minPieces.entrySet()) {
            if (e.getValue() == null || e.getValue() < 1) {
                throw new IllegalArgumentException("--min-piece " + e.getKey() + "=" + e.getValue()
                        + ": the size must be a positive number of voxels");
            }
        }
        if (!probabilityFiles.isEmpty()) {
            Files.createDirectories(probabilities);
        }
        WriteOptions probabilityOptions = WriteOptions.defaults().withMode(2).withOverwrite(force);
        picking.bright = picking.bright || seg.contrast() == Contrast.BRIGHT;
        if (byRegion) {
            FileRegionSource source = FileRegionSource.open(tomogram);
            List<SlabWriter> writers = new java.util.ArrayList<>();
            // closing finishes each file, or removes it when slices are missing; a failure while segmenting stays
            // the exception thrown, with the writers' complaints suppressed under it
            try (AutoCloseable finish = () -> closeAll(writers)) {
                for (Path p : probabilityFiles) {
                    writers.add(Volumes.openSlabWriter(p, source.nx(), source.ny(), source.nz(), source.voxelSize(),
                            header.origin(), probabilityOptions));
                }
                SlabWriter labels = Volumes.openSlabWriter(out, source.nx(), source.ny(), source.nz(),
                        source.voxelSize(), header.origin(), writeOptions);
                writers.add(labels);
                java.util.function.Consumer<Volume[]> probabilitySlabs = probabilityFiles.isEmpty() ? null : slabs -> {
                    for (int c = 0; c < slabs.length; c++) {
                        writers.get(c).write(slabs[c]);
                    }
                };
                if (m == Segmentation.Mode.WHOLE) {
                    Segmentation.segmentWholeByRegion(seg, source, reading.regionMemoryBytes(), bf16, flipAverage,
                            labels::write, probabilitySlabs, progress);
                } else {
                    Segmentation.segmentClustersByRegion(seg, source, out.toAbsolutePath().getParent(),
                            reading.regionMemoryBytes(), picking.picker(seg.boxSize()), bf16, flipAverage, labels::write,
                            probabilitySlabs, progress);
                }
            }
        } else {
            requireFitsInMemory(header, maps);
            Volume tomo = Volumes.read(tomogram);
            var segmented = Segmentation.segment(seg, tomo, m, picking.picker(seg.boxSize()), bf16, flipAverage,
                    !probabilityFiles.isEmpty(), progress);
            Volume labels = segmented.labels();
            Segmentation.removeSmallPieces(labels, seg.selection(), minPieces);
            Segmentation.completeSpheres(labels, seg.selection(), sphereGroups, shellHalfThickness, seg.boxSize());
            for (int c = 0; c < probabilityFiles.size(); c++) {
                Volumes.write(segmented.probabilities()[c], probabilityFiles.get(c), probabilityOptions);
            }
            Volumes.write(labels, out, writeOptions);
        }
        spec.commandLine().getOut().printf("label map written to %s%s%s%n", out,
                probabilityFiles.isEmpty() ? "" : ", probabilities to " + probabilities,
                byRegion ? " (the tomogram was read by region)" : "");
        return 0;
    }

    /** Refuses {@code option}, which needs the whole label map, when it is used with the tomogram read by region. */
    private void refuseByRegion(String option, boolean used) {
        if (used) {
            throw new IllegalArgumentException(option + " needs the whole label map in memory, but the tomogram is "
                    + "read by region" + (reading.access() == TomogramAccess.REGION ? " (--read region)"
                    : " (it is too large for the heap; raise it with CRYOMINE_JAVA_OPTS=-Xmx...)") + "; leave "
                    + option + " out");
        }
    }

    /** DIR/0_background.mrc, DIR/1_group.mrc, ...: none without --probabilities. */
    private List<Path> probabilityFiles(SegModel seg) {
        if (probabilities == null) {
            return List.of();
        }
        List<Path> files = new java.util.ArrayList<>();
        files.add(probabilities.resolve("0_background.mrc"));
        List<String> names = seg.selection().groupNames();
        for (int g = 0; g < names.size(); g++) {
            files.add(probabilities.resolve((g + 1) + "_" + names.get(g).replaceAll("[^A-Za-z0-9._-]", "_") + ".mrc"));
        }
        return files;
    }

    /** Closes every writer (each finishes its file, or removes it when slices are missing), then rethrows. */
    private static void closeAll(List<SlabWriter> writers) throws Exception {
        Exception first = null;
        for (SlabWriter w : writers) {
            try {
                w.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Whether the tomogram is read by region: when asked ({@code --read region}), or under {@code auto} when the
     * tomogram takes over a quarter of the heap ({@link TomogramAccess#byRegion}) or the in-memory path's maps
     * (about {@code 4 (3 + maps)} bytes per voxel) take over half of it.
     */
    static boolean readsByRegion(TomogramAccess access, VolumeHeader h, int maps, long maxHeap) {
        return switch (access) {
            case WHOLE -> false;
            case REGION -> true;
            case AUTO -> access.byRegion(h.voxelCount(), maxHeap) || inMemoryBytes(h, maps) > maxHeap / 2;
        };
    }

    /**
     * Bytes the in-memory path holds: the tomogram, {@code maps} probability maps (one per class, two with
     * {@code --probabilities}: the sums and the maps written), their weights, the labels.
     */
    static long inMemoryBytes(VolumeHeader h, int maps) {
        return h.voxelCount() * Float.BYTES * (3L + maps);
    }

    /**
     * The in-memory path holds the tomogram, {@code maps} probability maps (see {@link #inMemoryBytes}), their
     * blending weights and the label map, all full size: about {@code 4 (3 + maps)} bytes per voxel. Fails
     * before reading when that cannot fit the heap, saying what to do.
     */
    static void requireFitsInMemory(VolumeHeader h, int maps) {
        long need = inMemoryBytes(h, maps);
        long heap = Runtime.getRuntime().maxMemory();
        if (h.voxelCount() > Volume.MAX_VOXELS || need > heap) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "the %s tomogram is too large to "
                    + "segment in memory: --read whole holds it, %d probability maps and the label map, about "
                    + "%.1f GB, but the Java heap is %.1f GB%s. Segment it with --read auto (the default) or region, "
                    + "which read it slab by slab; or crop the tomogram to the "
                    + "region of interest (e.g. IMOD's trimvol)%s", TomogramAccess.describe(h), maps, need / 1e9,
                    heap / 1e9, h.voxelCount() > Volume.MAX_VOXELS ? " and one volume holds at most 2^31 voxels" : "",
                    h.voxelCount() > Volume.MAX_VOXELS ? "" : " or raise the heap (CRYOMINE_JAVA_OPTS=-Xmx...)"));
        }
    }
}
