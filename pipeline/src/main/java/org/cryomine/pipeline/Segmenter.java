package org.cryomine.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.cryomine.core.CryomineException;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.Contrast;
import org.cryomine.core.pick.Peak;
import org.cryomine.core.pick.RegionSource;
import org.cryomine.core.pick.SubvolumePicker;
import org.cryomine.core.stats.IntensityMap;
import org.cryomine.core.stats.IntensityStatistics;
import org.cryomine.io.SlabWriter;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.cryomine.nn.TrainedAutoencoder;
import org.cryomine.nn.TrainedEdss3d;
import org.cryomine.segmentation.FlipAveragedModel;
import org.cryomine.segmentation.MeanOfModels;
import org.cryomine.segmentation.TileModel;
import org.cryomine.segmentation.TiledSegmenter;
import org.cryomine.segmentation.WeightCorrectedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trained {@link SegModel} applied to tomograms ({@code cryomine segment}); the one public way to segment, so
 * Java callers get exactly the command line's labels and probabilities. Immutable; {@code with*} return copies.
 * <ul>
 * <li>{@link SegmentSettings.Mode#CLUSTERS}, the paper's: pick the new tomogram, encode the picks as the run's
 * were (its autoencoder; averaged over flips when the run's codes were), map each to its nearest cluster centre,
 * and segment the boxes of picks whose cluster was selected, blending where they overlap; elsewhere
 * background.</li>
 * <li>{@link SegmentSettings.Mode#WHOLE}: segment the entire tomogram with overlapping tiles, blended: tiles of
 * {@link SegmentSettings#tileEdge()} voxels (at least the box) sharing half a box with their neighbours.</li>
 * </ul>
 * Tile and box probabilities are the network's divided by the class weights it was trained with
 * ({@link WeightCorrectedModel}), since weighting a class by w in the loss multiplies its learned odds by about w;
 * {@link TrainedEdss3d#probabilities} alone gives the uncorrected network output.
 *
 * <pre>{@code
 * Segmenter segmenter = Segmenter.of(SegModel.open(Path.of("segmodel")), Recipe.RECOMMENDED.segmenting());
 * segmenter.segmentFile(Path.of("tomo2.mrc"), Path.of("labels2.mrc"), null, false, PipelineListener.NONE);
 * }</pre>
 */
public final class Segmenter {

    private static final Logger LOG = LoggerFactory.getLogger(Segmenter.class);
    private static final int ENCODE_BATCH = 256;
    /** Fraction of a box shared with its neighbour tile in whole mode. */
    private static final double TILE_OVERLAP = 0.5;

    /**
     * Tiles reach a quarter tile beyond the tomogram's faces (mirrored there), so the faces are labelled from
     * tile interiors: Edss3d trained with a label radius never learned its boxes' faces. With sphere-completed
     * weak labels, one trained network labelled the faces of the demo's second tomogram membrane throughout
     * without a margin (membrane IoU 0.24) and gave 0.44 with it.
     */
    private static final double TILE_MARGIN = 0.25;

    private final SegModel model;
    private final SegmentSettings settings;
    private final TomogramAccess access;
    private final long regionMemory;

    private Segmenter(SegModel model, SegmentSettings settings, TomogramAccess access, long regionMemory) {
        this.model = Objects.requireNonNull(model, "model");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.access = Objects.requireNonNull(access, "access");
        if (regionMemory < 1) {
            throw new IllegalArgumentException("region memory must be a positive number of bytes, got " + regionMemory);
        }
        this.regionMemory = regionMemory;
        for (String group : settings.minPieces().keySet()) {
            model.selection().labelOfGroup(group, "--min-piece");
        }
        for (String group : settings.sphereGroups()) {
            model.selection().labelOfGroup(group, "--complete-spheres");
        }
    }

    /**
     * Segments with {@code model} as {@code settings} say, reading tomogram files as {@link TomogramAccess#AUTO}
     * decides.
     *
     * @throws CryomineException when the settings name groups the model does not have
     */
    public static Segmenter of(SegModel model, SegmentSettings settings) {
        return new Segmenter(model, settings, TomogramAccess.AUTO, TomogramAccess.defaultRegionMemory());
    }

    /** The same segmenter, reading tomogram files whole, by region, or by their size. */
    public Segmenter withAccess(TomogramAccess newAccess) {
        return new Segmenter(model, settings, newAccess, regionMemory);
    }

    /** The same segmenter, with slabs and blending buffers of about {@code bytes} when reading by region. */
    public Segmenter withRegionMemory(long bytes) {
        return new Segmenter(model, settings, access, bytes);
    }

    /** The model. */
    public SegModel model() {
        return model;
    }

    /** The settings. */
    public SegmentSettings settings() {
        return settings;
    }

    /**
     * What {@link #segmentFile} wrote: the label map, the probability maps (empty unless asked), how it read, and the
     * groups that got no voxel (known when the label map was made in memory; empty by region).
     */
    public record Written(Path labels, List<Path> probabilities, boolean byRegion, List<String> emptyGroups) {
        public Written {
            probabilities = List.copyOf(probabilities);
            emptyGroups = List.copyOf(emptyGroups);
        }
    }

    /**
     * Segments {@code tomogram} in memory: the label map (0 background, i + 1 for the selection's group i) after
     * removing small pieces and completing spheres as the settings say, and, with {@code probabilities}, each
     * class's blended probability (index 0 background) from before that; {@code tomogram} is not modified.
     */
    public TiledSegmenter.Maps segment(Volume tomogram, boolean probabilities, ProgressListener listener) {
        IntensityMap map = intensityMap(RegionSource.of(tomogram), tomogram.toString());
        return segmentMatched(map.isIdentity() ? tomogram : map.applyInPlace(tomogram.copy()), probabilities, listener);
    }

    /**
     * The affine change that gives a tomogram the model's training intensities, when the settings ask for it and the
     * model records them (logged); the identity otherwise.
     *
     * @throws CryomineException when the tomogram's sampled voxels all hold one value
     */
    IntensityMap intensityMap(RegionSource tomogram, String name) {
        if (!settings.matchIntensities()) {
            if (model.intensity() != null) {
                warnWhenUnitsDiffer(IntensityStatistics.of(tomogram), name);
            }
            return IntensityMap.IDENTITY;
        }
        if (model.intensity() == null) {
            LOG.info("{} records no training intensities (trained before they were recorded): the tomogram is "
                    + "segmented in its own units; retrain with 'cryomine train-seg' to have them matched", model.dir());
            return IntensityMap.IDENTITY;
        }
        IntensityStatistics own = IntensityStatistics.of(tomogram);
        IntensityMap map = TomogramInput.mapOnto(own, model.intensity(), name,
                "there is nothing to segment; check the file (--no-match-intensities segments it as it is)");
        LOG.info("{}: intensities matched to the training tomogram's (median {} -> {}, spread {} -> {}: x{} {} {})",
                name, fmt(own.median()), fmt(model.intensity().median()), fmt(own.spread()),
                fmt(model.intensity().spread()), fmt(map.scale()), map.offset() < 0 ? "-" : "+", fmt(Math.abs(map.offset())));
        return map;
    }

    /**
     * Warns when a tomogram segmented as it is lies in other units than the model's training data: its spread more than
     * twice or less than half theirs, or its median more than one of their spreads away.
     */
    private void warnWhenUnitsDiffer(IntensityStatistics own, String name) {
        IntensityStatistics trained = model.intensity();
        if (inOtherUnits(own, trained)) {
            LOG.warn("{}: its intensities (median {}, spread {}) are not in the units the model was trained in (median "
                    + "{}, spread {}) and are segmented as they are; match them (--match-intensities) unless that is "
                    + "meant", name, fmt(own.median()), fmt(own.spread()), fmt(trained.median()), fmt(trained.spread()));
        }
    }

    /** Whether {@code own}'s spread is more than twice or less than half {@code trained}'s, or its median more than
     * one of {@code trained}'s spreads away. */
    static boolean inOtherUnits(IntensityStatistics own, IntensityStatistics trained) {
        double ratio = own.spread() / trained.spread();
        return !(ratio >= 0.5 && ratio <= 2) || Math.abs(own.median() - trained.median()) > trained.spread();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** {@link #segment}, of a tomogram already in the training intensities (not modified). */
    private TiledSegmenter.Maps segmentMatched(Volume tomogram, boolean probabilities, ProgressListener listener) {
        TiledSegmenter.Maps maps;
        try (Network net = Network.load(model, settings)) {
            TiledSegmenter segmenter = net.segmenter();
            if (settings.mode() == SegmentSettings.Mode.WHOLE) {
                maps = probabilities ? segmenter.segmentWithProbabilities(tomogram, listener)
                        : new TiledSegmenter.Maps(segmenter.segment(tomogram, listener), null);
            } else {
                List<int[]> picks = selectedPicks(tomogram, listener);
                maps = probabilities ? segmenter.segmentBoxesWithProbabilities(tomogram, picks, listener)
                        : new TiledSegmenter.Maps(segmenter.segmentBoxes(tomogram, picks, listener), null);
            }
        }
        new LabelCleanup(model, settings).apply(maps.labels());
        return maps;
    }

    /**
     * Segments the tomogram file {@code tomogram} into the label map {@code out} (int8 MRC), and, when
     * {@code probabilitiesDir} is not null, each class's probability into it ({@code 0_background.mrc},
     * {@code 1_<group>.mrc}, ...; float32). Reads the tomogram whole, or by region (slab by slab, writing the same
     * files) when this segmenter's access says so for its size or when the in-memory maps would take over half the
     * heap. Every check that can fail is made before reading; files are written under temporary names and appear
     * only when complete.
     *
     * @param overwrite replace existing outputs; without it an existing output is an error raised before any work
     * @throws CryomineException for an existing output, a tomogram smaller than the model's box, settings that need
     *                           the whole map with a tomogram that must be read by region, or too little memory
     */
    public Written segmentFile(Path tomogram, Path out, Path probabilitiesDir, boolean overwrite,
                               ProgressListener listener) throws IOException {
        if (!overwrite && Files.exists(out)) {
            throw new CryomineException(out + " exists; choose another output or allow replacing it (--force)");
        }
        List<Path> probabilityFiles = probabilityFiles(probabilitiesDir);
        for (Path p : probabilityFiles) {
            if (!overwrite && Files.exists(p)) {
                throw new CryomineException(p + " exists; allow replacing it (--force), or choose another folder "
                        + "for the probabilities");
            }
        }
        VolumeHeader header = Volumes.readHeader(tomogram);
        int box = model.boxSize();
        if (header.nx() < box || header.ny() < box || header.nz() < box) {
            throw new CryomineException("the tomogram " + header.nx() + "x" + header.ny() + "x" + header.nz()
                    + " is smaller than the model's " + box + "^3 box");
        }
        int classes = model.selection().groups().size() + 1;
        int maps = probabilityFiles.isEmpty() ? classes : 2 * classes;
        boolean byRegion = readsByRegion(access, header, maps, Runtime.getRuntime().maxMemory());
        if (byRegion && settings.needsWholeMap()) {
            String option = settings.minPieces().isEmpty() ? "--complete-spheres" : "--min-piece";
            throw new CryomineException(option + " needs the whole label map in memory, but the tomogram is read by "
                    + "region" + (access == TomogramAccess.REGION ? " (--read region)"
                    : " (it is too large for the heap; raise it with CRYOMINE_JAVA_OPTS=-Xmx...)") + "; leave "
                    + option + " out");
        }
        if (!byRegion) {
            requireFitsInMemory(header, maps);
        }
        if (!probabilityFiles.isEmpty()) {
            Files.createDirectories(probabilitiesDir);
        }
        WriteOptions labelOptions = WriteOptions.defaults().withMode(0).withOverwrite(overwrite)
                .withLabels(List.of("cryomine segment " + settings.mode().name().toLowerCase(Locale.ROOT) + " "
                        + model.selection().groupNames()));
        WriteOptions probabilityOptions = WriteOptions.defaults().withMode(2).withOverwrite(overwrite);
        List<String> empty = List.of();
        if (byRegion) {
            for (String kept : new LabelCleanup(model, settings).skippedByRegion()) {
                LOG.warn("the tomogram is read by region and its label map written slab by slab: {}", kept);
            }
            segmentByRegion(tomogram, header, out, probabilityFiles, labelOptions, probabilityOptions, listener);
        } else {
            Volume volume = Volumes.read(tomogram);
            intensityMap(RegionSource.of(volume), tomogram.toString()).applyInPlace(volume); // ours to change
            TiledSegmenter.Maps segmented = segmentMatched(volume, !probabilityFiles.isEmpty(), listener);
            for (int c = 0; c < probabilityFiles.size(); c++) {
                Volumes.write(segmented.probabilities()[c], probabilityFiles.get(c), probabilityOptions);
            }
            Volumes.write(segmented.labels(), out, labelOptions);
            empty = EmptyGroups.of(segmented.labels(), model.selection());
            if (!empty.isEmpty()) {
                LOG.warn("{}: no voxel was labelled {}", tomogram, empty);
            }
        }
        return new Written(out, probabilityFiles, byRegion, empty);
    }

    /**
     * Segments every tomogram of {@code dataset} into {@code outDir}/NAME.mrc (and, when {@code probabilitiesDir}
     * is not null, its probabilities into {@code probabilitiesDir}/NAME/), one after another, each as
     * {@link #segmentFile} does. Existing outputs are refused before the first tomogram is read, unless
     * {@code overwrite}.
     */
    public List<Written> segmentDataset(Dataset dataset, Path outDir, Path probabilitiesDir, boolean overwrite,
                                        ProgressListener listener) throws IOException {
        List<String> existing = new ArrayList<>();
        for (Dataset.Tomogram t : dataset.tomograms()) {
            Path out = outDir.resolve(t.name() + ".mrc");
            if (Files.exists(out)) {
                existing.add(out.toString());
            }
            if (probabilitiesDir != null) {
                for (Path p : probabilityFiles(probabilitiesDir.resolve(t.name()))) {
                    if (Files.exists(p)) {
                        existing.add(p.toString());
                    }
                }
            }
        }
        if (!overwrite && !existing.isEmpty()) {
            throw new CryomineException("these outputs exist: " + String.join(", ", existing)
                    + "; choose another folder or allow replacing them (--force)");
        }
        List<Written> written = new ArrayList<>();
        for (Dataset.Tomogram t : dataset.tomograms()) {
            listener.checkCancelled();
            written.add(segmentFile(t.path(), outDir.resolve(t.name() + ".mrc"),
                    probabilitiesDir == null ? null : probabilitiesDir.resolve(t.name()), overwrite, listener));
            listener.onProgress("tomograms segmented", written.size(), dataset.size());
        }
        return written;
    }

    private void segmentByRegion(Path tomogram, VolumeHeader header, Path out, List<Path> probabilityFiles,
                                 WriteOptions labelOptions, WriteOptions probabilityOptions, ProgressListener listener)
            throws IOException {
        FileRegionSource file = FileRegionSource.open(tomogram);
        RegionSource source = intensityMap(file, tomogram.toString()).over(file);
        List<SlabWriter> writers = new ArrayList<>();
        // closing finishes each file, or removes it when slices are missing; a failure while segmenting stays
        // the exception thrown, with the writers' complaints suppressed under it
        try (AutoCloseable finish = () -> closeAll(writers)) {
            for (Path p : probabilityFiles) {
                writers.add(Volumes.openSlabWriter(p, source.nx(), source.ny(), source.nz(), source.voxelSize(),
                        header.origin(), probabilityOptions));
            }
            SlabWriter labels = Volumes.openSlabWriter(out, source.nx(), source.ny(), source.nz(), source.voxelSize(),
                    header.origin(), labelOptions);
            writers.add(labels);
            Consumer<Volume[]> probabilitySlabs = probabilityFiles.isEmpty() ? null : slabs -> {
                for (int c = 0; c < slabs.length; c++) {
                    writers.get(c).write(slabs[c]);
                }
            };
            if (settings.mode() == SegmentSettings.Mode.WHOLE) {
                try (Network net = Network.load(model, settings)) {
                    net.segmenter().segment(source, regionMemory, labels::write, probabilitySlabs, listener);
                }
            } else {
                segmentClustersByRegion(source, out.toAbsolutePath().getParent(), labels::write, probabilitySlabs,
                        listener);
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Clusters mode over a tomogram read by region: picking by z-slabs, the boxes cut in one slab pass into a
     * scratch file in {@code scratchDir} (removed before segmenting), and the selected boxes segmented from slabs;
     * labels (and probabilities, when {@code probabilitySlabs} is not null) are handed on slab by slab in z order,
     * equal to the in-memory path's up to picks whose DoG responses tie within a few float ulps.
     */
    private void segmentClustersByRegion(RegionSource tomogram, Path scratchDir, Consumer<Volume> labelSlabs,
                                         Consumer<Volume[]> probabilitySlabs, ProgressListener listener)
            throws IOException {
        List<int[]> selected;
        try (TomogramInput input = TomogramInput.byRegion(tomogram, scratchDir, regionMemory)) {
            List<int[]> centres = centres(input.findPeaks(picker(), listener));
            selected = selectByCluster(input.boxes(centres, model.boxSize(), false, model.contrast(), listener), centres,
                    listener);
        }
        try (Network net = Network.load(model, settings)) {
            net.segmenter().segmentBoxes(tomogram, selected, regionMemory, labelSlabs, probabilitySlabs, listener);
        }
    }

    /** The picker of the clusters mode: the settings' with the model's box and contrast. */
    private SubvolumePicker picker() {
        SubvolumePicker p = settings.picker().withBoxSize(model.boxSize());
        return model.contrast() == Contrast.BRIGHT ? p.withContrast(Contrast.BRIGHT) : p;
    }

    /** Centres of the picks whose nearest cluster centre is a selected cluster. */
    private List<int[]> selectedPicks(Volume tomogram, ProgressListener listener) {
        List<int[]> centres = centres(picker().findPeaks(tomogram, listener));
        return selectByCluster(new BoxView(tomogram, centres, model.boxSize()), centres, listener);
    }

    private static List<int[]> centres(List<Peak> peaks) {
        List<int[]> centres = new ArrayList<>(peaks.size());
        peaks.forEach(p -> centres.add(new int[] {p.x(), p.y(), p.z()}));
        return centres;
    }

    /** The centres whose box's code (averaged as the run's were) lies nearest a selected cluster's centre. */
    private List<int[]> selectByCluster(List<Volume> boxes, List<int[]> centres, ProgressListener listener) {
        float[][] centroids = MatrixCsv.read(model.centroids());
        model.selection().requireClustersBelow(centroids.length);
        List<int[]> selected = new ArrayList<>();
        try (TrainedAutoencoder ae = TrainedAutoencoder.load(model.autoencoder())) {
            for (int start = 0; start < boxes.size(); start += ENCODE_BATCH) {
                listener.checkCancelled();
                int end = Math.min(boxes.size(), start + ENCODE_BATCH);
                float[][] codes = ae.encode(boxes.subList(start, end), model.codeAveraging());
                for (int i = 0; i < codes.length; i++) {
                    if (model.selection().labelOf(CodeDistances.nearest(codes[i], centroids)) > 0) {
                        selected.add(centres.get(start + i));
                    }
                }
                listener.onProgress("encoding picks", end, boxes.size());
            }
        }
        return selected;
    }

    /** DIR/0_background.mrc, DIR/1_group.mrc, ...: none when {@code dir} is null. */
    private List<Path> probabilityFiles(Path dir) {
        if (dir == null) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        files.add(dir.resolve("0_background.mrc"));
        List<String> names = model.selection().groupNames();
        for (int g = 0; g < names.size(); g++) {
            files.add(dir.resolve((g + 1) + "_" + names.get(g).replaceAll("[^A-Za-z0-9._-]", "_") + ".mrc"));
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
     * probabilities written: the sums and the maps written), their weights, the labels.
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
            throw new CryomineException(String.format(Locale.ROOT, "the %s tomogram is too large to "
                    + "segment in memory: --read whole holds it, %d probability maps and the label map, about "
                    + "%.1f GB, but the Java heap is %.1f GB%s. Segment it with --read auto (the default) or region, "
                    + "which read it slab by slab; or crop the tomogram to the "
                    + "region of interest (e.g. IMOD's trimvol)%s", TomogramAccess.describe(h), maps, need / 1e9,
                    heap / 1e9, h.voxelCount() > Volume.MAX_VOXELS ? " and one volume holds at most 2^31 voxels" : "",
                    h.voxelCount() > Volume.MAX_VOXELS ? "" : " or raise the heap (CRYOMINE_JAVA_OPTS=-Xmx...)"));
        }
    }

    /**
     * The loaded networks (in bfloat16 when asked) and the tiling over them: tiles overlapping by half, each network's
     * probabilities corrected for the class weights of its training, the networks' mean where the model holds an
     * ensemble, flip-averaged when asked; one place, so every path tiles alike.
     */
    private record Network(List<TrainedEdss3d> open, TiledSegmenter segmenter) implements AutoCloseable {

        static Network load(SegModel model, SegmentSettings settings) {
            List<TrainedEdss3d> open = new ArrayList<>();
            try {
                List<TileModel> each = new ArrayList<>();
                int box = 0;
                int edge = 0;
                for (Path dir : model.edss3dNetworks()) {
                    TrainedEdss3d loaded = TrainedEdss3d.load(dir);
                    open.add(loaded);
                    TrainedEdss3d net = loaded;
                    if (settings.bfloat16()) {
                        net = loaded.withBfloat16Inference();
                        open.add(net);
                    }
                    box = net.config().boxX();
                    // the clusters mode segments boxes of the training size around picks
                    edge = settings.mode() == SegmentSettings.Mode.WHOLE ? Math.max(box, settings.tileEdge()) : box;
                    // as many voxels a call as tileBatch boxes
                    int batch = (int) Math.max(1, settings.tileBatch() * Math.pow((double) box / edge, 3));
                    TileModel tiles = new Edss3dTiles(net, batch, edge);
                    List<Double> weights = net.config().classWeights();
                    if (!weights.isEmpty()) {
                        tiles = new WeightCorrectedModel(tiles, weights.stream().mapToDouble(Double::doubleValue).toArray());
                    }
                    each.add(tiles);
                }
                TileModel tiles = each.size() == 1 ? each.get(0) : new MeanOfModels(each);
                TileModel model2 = settings.flipAverage() ? new FlipAveragedModel(tiles, settings.flips()) : tiles;
                // neighbours share half a box and the outer tiles reach a quarter box beyond the faces, whatever the
                // tile's edge
                return new Network(open, new TiledSegmenter(model2, TILE_OVERLAP * box / edge,
                        TILE_MARGIN * box / edge));
            } catch (RuntimeException e) {
                closeAll(open);
                throw e;
            }
        }

        @Override
        public void close() {
            closeAll(open);
        }

        /** Closes every network, the last opened first, even when one fails. */
        private static void closeAll(List<TrainedEdss3d> nets) {
            RuntimeException failed = null;
            for (int i = nets.size() - 1; i >= 0; i--) {
                try {
                    nets.get(i).close();
                } catch (RuntimeException e) {
                    failed = failed == null ? e : failed;
                }
            }
            if (failed != null) {
                throw failed;
            }
        }
    }
}
