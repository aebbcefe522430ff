package org.cryomine.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cryomine.pipeline.CopickExport;
import org.cryomine.pipeline.Dataset;
import org.cryomine.pipeline.PipelineListener;
import org.cryomine.pipeline.Recipe;
import org.cryomine.pipeline.SegModel;
import org.cryomine.pipeline.SegmentSettings;
import org.cryomine.pipeline.Segmenter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;


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

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "TOMO",
            description = "The tomograms to segment: files, folders, globs or list files, as 'cryomine mine' takes them; "
                    + "or none, with --copick.")
    List<String> tomograms;

    @Mixin
    CopickInputOptions copick;

    @Option(names = "--out", paramLabel = "LABELS.mrc",
            description = "Output label map; with several tomograms a folder of label maps named after them "
                    + "(NAME.mrc; probabilities in --probabilities DIR/NAME/). Required unless --copick-segmentation.")
    Path out;

    @Option(names = "--copick-segmentation", paramLabel = "NAME",
            description = "With --copick, instead of --out: write each run's label map into the copick project as the "
                    + "multilabel segmentation NAME (Segmentations/VS_USER_SESSION_NAME-multilabel.zarr), each group "
                    + "labelled with its pickable object's copick label.")
    String copickSegmentation;

    @Mixin
    CopickOutputOptions copickOutput;

    @Option(names = "--recipe", defaultValue = "recommended", paramLabel = "NAME",
            description = "recommended (default: whole mode) or paper (clusters mode); the options below override it.")
    String recipe;

    @Option(names = "--mode", paramLabel = "clusters|whole", description = "clusters or whole (recipe: recommended "
            + "whole, paper clusters).")
    String mode;

    @Option(names = "--bf16",
            description = "Run a float32 model's network in bfloat16 (faster on CPUs with AVX512_BF16 or AMX; within a "
                    + "few per cent). Models trained in mixed precision always run in bfloat16.")
    boolean bf16;

    @Option(names = "--tile-edge", paramLabel = "VOXELS",
            description = "Edge of the whole mode's tiles in voxels, never below the model's box edge (default 64; 0: "
                    + "the box edge). Neighbours share half a box whatever the edge, so larger tiles compute each voxel "
                    + "fewer times (more memory).")
    Integer tileEdge;

    @Option(names = "--flip-average",
            description = "Average each tile's probabilities over its eight axis flips (beyond the paper; 8x the time): "
                    + "the same as --flips 8.")
    boolean flipAverage;

    @Option(names = "--flips", paramLabel = "N",
            description = "Average each tile's probabilities over N of its axis flips, N times the network's time: 1 "
                    + "(none), 2 (the tile and its inversion through the centre), 4 (and the half-turns about x, y and "
                    + "z) or 8 (beyond the paper; recipe: recommended 2, paper 1).")
    Integer flips;

    @Option(names = "--min-piece", paramLabel = "GROUP=VOXELS",
            description = "Set to background every connected piece of GROUP smaller than VOXELS voxels (repeatable; "
                    + "beyond the paper: removes specks, e.g. membrane=1000; the demo's measure is in the README). Needs "
                    + "the label map in memory: not with the tomogram read by region.")
    Map<String, Integer> minPieces = new LinkedHashMap<>();

    @Option(names = "--min-piece-fraction", paramLabel = "F",
            description = "For the groups without --min-piece: set to background every connected piece smaller than F "
                    + "times the group's typical object in the model's weak labels (segmodel.json's groupObjectVoxels); "
                    + "0: off. Default: the recipe's (recommended " + Recipe.MIN_PIECE_FRACTION + ", paper 0). Applied "
                    + "where the label map is in memory.")
    Double minPieceFraction;

    @Option(names = "--max-piece-multiple", paramLabel = "M",
            description = "For particle groups (select --kind): set to background every connected piece larger than M "
                    + "times the group's typical object in the model's weak labels: not one particle but something "
                    + "else taken for them (carbon, a membrane in the section); 0: off. Default: the recipe's "
                    + "(recommended " + Recipe.MAX_PIECE_MULTIPLE + ", paper 0). Applied where the label map is in memory.")
    Double maxPieceMultiple;

    @Option(names = "--sheets-to-membranes", negatable = true,
            description = "Give a membrane group (select --kind) the pieces of particle groups shaped like a patch of "
                    + "membrane (thin in one direction, wide in the two others) that touch it: a weak membrane is often "
                    + "segmented as a dashed line of membrane and particle pieces. Default: the recipe's (recommended "
                    + "on, paper off). Applied where the label map is in memory.")
    Boolean sheetsToMembranes;

    @Option(names = "--match-intensities", negatable = true,
            description = "Change the tomogram's intensities affinely so that its median and spread (1.4826 MAD of 16 "
                    + "sampled slices) equal those of the tomogram the model was trained on (segmodel.json's "
                    + "intensity): other reconstructions, microscopes and file types scale intensities differently "
                    + "(beyond the paper; recipe: recommended on, paper off). Models trained before it was recorded "
                    + "segment the tomogram as it is.")
    Boolean matchIntensities;

    @Option(names = "--complete-spheres", split = ",", paramLabel = "GROUP",
            description = "After --min-piece, fit spheres to these groups' labels (comma-separated names) and label the "
                    + "background voxels on each accepted sphere's shell too: the vesicle caps the missing wedge hides "
                    + "(beyond the paper). Needs the label map in memory: not with the tomogram read by region.")
    List<String> sphereGroups = new ArrayList<>();

    @Option(names = "--complete-membranes", negatable = true,
            description = "Complete the spheres of every membrane group of the model's selection as --complete-spheres "
                    + "does (a group of \"kind\": \"membrane\", or named with 'membrane' or 'vesicle'; beyond the "
                    + "paper; recipe: recommended on, paper off). A tomogram read by region is left as segmented.")
    Boolean completeMembranes;

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

    @Option(names = "--allow-empty",
            description = "Exit 0 even when a group gets no voxel (otherwise a warning and exit status 3).")
    boolean allowEmpty;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Mixin
    RegionReadOptions reading;

    @Mixin
    PickingOptions picking;

    @Mixin
    TimingOptions timing;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        timing.begin();
        Recipe r = Recipe.parse(recipe);
        SegmentSettings settings = r.segmenting();
        if (mode != null) {
            settings = settings.withMode(switch (mode.toLowerCase(Locale.ROOT)) {
                case "clusters" -> SegmentSettings.Mode.CLUSTERS;
                case "whole" -> SegmentSettings.Mode.WHOLE;
                default -> throw new IllegalArgumentException("--mode must be 'clusters' or 'whole', got '" + mode + "'");
            });
        }
        if (tileEdge != null) {
            settings = settings.withTileEdge(tileEdge);
        }
        if (minPieceFraction != null) {
            settings = settings.withMinPieceFraction(minPieceFraction);
        }
        if (maxPieceMultiple != null) {
            settings = settings.withMaxPieceMultiple(maxPieceMultiple);
        }
        if (sheetsToMembranes != null) {
            settings = settings.withSheetsToMembranes(sheetsToMembranes);
        }
        if (matchIntensities != null) {
            settings = settings.withMatchIntensities(matchIntensities);
        }
        if (completeMembranes != null) {
            settings = settings.withCompleteMembranes(completeMembranes);
        }
        if (flipAverage && flips != null && flips != 8) {
            throw new IllegalArgumentException("--flip-average averages all eight flips; it contradicts --flips " + flips
                    + ": give one of them");
        }
        if (flipAverage || flips != null) {
            settings = settings.withFlips(flipAverage ? 8 : flips);
        }
        settings = settings.withPicker(picking.picker(r.picker(32), 32)).withBfloat16(bf16)
                .withMinPieces(minPieces).withSphereGroups(sphereGroups).withShellHalfThickness(shellHalfThickness);
        Segmenter segmenter = Segmenter.of(SegModel.open(model), settings).withAccess(reading.access())
                .withRegionMemory(reading.regionMemoryBytes());
        PipelineListener progress = timing.listen(new ConsoleProgress(spec.commandLine().getErr(), quiet));
        Dataset dataset = copick.dataset(tomograms);
        timing.lap("open");
        if (copickSegmentation != null) {
            return timed(intoCopick(segmenter, dataset, progress));
        }
        if (out == null) {
            throw new IllegalArgumentException("give --out LABELS.mrc (or, with --copick, --copick-segmentation NAME)");
        }
        StaleOutputs.cleanBeside(dataset.size() == 1 ? out : out.resolve("x"));
        if (dataset.size() == 1) {
            Segmenter.Written written = segmenter.segmentFile(dataset.tomograms().get(0).path(), out, probabilities,
                    force, progress);
            timing.lap("write");
            spec.commandLine().getOut().printf("label map written to %s%s%s%n", out,
                    written.probabilities().isEmpty() ? "" : ", probabilities to " + probabilities,
                    written.byRegion() ? " (the tomogram was read by region)" : "");
            return timed(emptyGroups(List.of(written)));
        }
        java.nio.file.Files.createDirectories(out);
        List<Segmenter.Written> written = segmenter.segmentDataset(dataset, out, probabilities, force, progress);
        timing.lap("write");
        spec.commandLine().getOut().printf("%d label maps written to %s%s%n", written.size(), out,
                probabilities == null ? "" : ", probabilities to " + probabilities);
        return timed(emptyGroups(written));
    }

    /** Prints the --timings table after the command's output; {@code status}. */
    private int timed(int status) {
        spec.commandLine().getOut().flush();
        timing.print(spec.commandLine().getErr(), "output");
        return status;
    }

    /** Segments into the copick project of --copick; the exit status. */
    private int intoCopick(Segmenter segmenter, Dataset dataset, PipelineListener progress) throws java.io.IOException {
        if (!copick.given()) {
            throw new IllegalArgumentException("--copick-segmentation writes into the copick project the tomograms come "
                    + "from; give --copick CONFIG.json too");
        }
        if (out != null) {
            throw new IllegalArgumentException("give either --out or --copick-segmentation, not both");
        }
        List<CopickExport.Segmented> written = CopickExport.segment(segmenter, dataset, copick.project(),
                copick.voxelSpacing, copickOutput.session(), copickSegmentation, copickOutput.objects, probabilities,
                force, progress);
        int status = 0;
        for (CopickExport.Segmented s : written) {
            spec.commandLine().getOut().printf("copick segmentation written to %s%n", s.store());
            status = Math.max(status, emptyGroups(s.store(), s.written().emptyGroups()));
        }
        return status;
    }

    /** Warns about label maps in which a group got no voxel; the exit status. */
    private int emptyGroups(List<Segmenter.Written> written) {
        int status = 0;
        for (Segmenter.Written w : written) {
            status = Math.max(status, emptyGroups(w.labels(), w.emptyGroups()));
        }
        return status;
    }

    private int emptyGroups(Path labels, List<String> empty) {
        if (empty.isEmpty()) {
            return 0;
        }
        spec.commandLine().getErr().printf("cryomine: warning: %s has no voxel of %s%s%n", labels, empty,
                allowEmpty ? "" : " (exit status 3; --allow-empty to accept)");
        return allowEmpty ? 0 : CryomineCommand.EXIT_EMPTY_GROUP;
    }
}
