package org.cryomine.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.IntStream;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Flips;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.stats.IntensityStatistics;
import org.cryomine.io.run.RunLock;
import org.cryomine.nn.Edss3d;
import org.cryomine.nn.ExamplePool;
import org.cryomine.nn.TrainedAutoencoder;
import org.cryomine.nn.TrainedEdss3d;
import org.cryomine.segmentation.ClassWeights;
import org.cryomine.segmentation.DensityThreshold;
import org.cryomine.segmentation.GroupLevels;
import org.cryomine.segmentation.Selection;
import org.cryomine.segmentation.SphereAugmentation;
import org.cryomine.segmentation.TrainingSet;
import org.cryomine.segmentation.WeakLabels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a segmentation model from a mined run ({@code cryomine train-seg}): weak labels from the selected clusters
 * (docs/method.md step 7), then Edss3d trained on them, saved as a {@link SegModel} directory. Immutable; the
 * {@code with*} methods return changed copies.
 *
 * <pre>{@code
 * SegModel model = SegmentationTraining.of(SegTrainSettings.recommended())
 *         .train(MinedRun.open(runDir), selection, Path.of("segmodel"), false, PipelineListener.NONE);
 * }</pre>
 */
public final class SegmentationTraining {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentationTraining.class);
    private static final int DECODE_BATCH = 256;

    private final SegTrainSettings settings;
    private final TomogramAccess access;
    private final long regionMemory;

    private SegmentationTraining(SegTrainSettings settings, TomogramAccess access, long regionMemory) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.access = Objects.requireNonNull(access, "access");
        if (regionMemory < 1) {
            throw new IllegalArgumentException("region memory must be a positive number of bytes, got " + regionMemory);
        }
        this.regionMemory = regionMemory;
    }

    /** Training with {@code settings}, reading the tomogram as {@link TomogramAccess#AUTO} decides. */
    public static SegmentationTraining of(SegTrainSettings settings) {
        return new SegmentationTraining(settings, TomogramAccess.AUTO, TomogramAccess.defaultRegionMemory());
    }

    /** The same training, reading the tomogram whole, by region, or by its size. */
    public SegmentationTraining withAccess(TomogramAccess newAccess) {
        return new SegmentationTraining(settings, newAccess, regionMemory);
    }

    /** The same training with slabs of about {@code bytes} when reading by region. */
    public SegmentationTraining withRegionMemory(long bytes) {
        return new SegmentationTraining(settings, access, bytes);
    }

    /** The settings. */
    public SegTrainSettings settings() {
        return settings;
    }

    /**
     * Trains and writes the model into {@code out} (through a sibling ".part" folder renamed at the end).
     *
     * @param overwrite replace an existing {@code out}; without it an existing {@code out} is an error, raised
     *                  before any work
     * @throws CryomineException when {@code out} exists, the selection names clusters the run lacks or groups to
     *                           complete that it lacks, or the tomogram changed since it was mined
     */
    public SegModel train(MinedRun run, Selection selection, Path out, boolean overwrite, PipelineListener listener)
            throws IOException {
        try (RunLock lock = RunLock.acquire(run.layout().root(), "cryomine train-seg --out " + out)) {
            return trainLocked(run, selection, out, overwrite, listener);
        }
    }

    private SegModel trainLocked(MinedRun run, Selection selection, Path out, boolean overwrite,
                                 PipelineListener listener) throws IOException {
        selection.requireClustersBelow(run.k());
        if (Files.exists(out) && !overwrite) {
            throw new CryomineException(out + " exists; choose another output or allow replacing it");
        }
        RunManifest manifest = RunManifest.open(run.layout().root());
        requireUnchanged(run, manifest);
        int[] sphereLabels = sphereLabels(selection, sphereGroups(settings, selection, sphereObstacle(run)));
        if (sphereLabels.length > 0 && run.poseNormalized()) {
            throw new CryomineException("completing spheres needs a run mined without pose normalization: the weak "
                    + "labels of pose-normalized boxes are not in the tomogram's frame");
        }
        if (sphereLabels.length > 0) {
            requireRoomForSphereMap(run.header().nx(), run.header().ny(), run.header().nz(),
                    Runtime.getRuntime().maxMemory());
        }
        if (settings.shift() > 0 && run.poseNormalized()) {
            throw new CryomineException("--shift needs a run mined without pose normalization: a larger box would be "
                    + "rotated differently from the box the weak labels came from; leave --shift out");
        }
        if (sphereLabels.length > 0 && run.dataset().size() > 1) {
            throw new CryomineException("completing spheres works on a run of one tomogram, but this run holds "
                    + run.dataset().size() + "; leave --complete-spheres out");
        }
        // by region, the boxes are read from scratch files that close with the inputs: training happens inside
        List<TomogramInput> inputs = new ArrayList<>();
        try {
            boolean standardized = standardizedBoxes(manifest);
            if (run.dataset().size() == 1) {
                inputs.add(TomogramInput.open(run.tomogram(), access, run.layout().root(), regionMemory, standardized));
            } else {
                for (Dataset.Tomogram t : run.dataset().tomograms()) {
                    Path dir = DatasetMining.tomogramDir(run.layout().root(), t.name());
                    Files.createDirectories(dir);
                    FileRegionSource file = FileRegionSource.open(t.path());
                    inputs.add(TomogramInput.byRegion(file, TomogramInput.boxSource(file, standardized), dir,
                            regionMemory));
                }
            }
            int box;
            TrainingSet set;
            List<Double> levels;
            List<int[]> extraCentres = new ArrayList<>();
            try (TrainedAutoencoder ae = TrainedAutoencoder.load(run.layout().model())) {
                box = ae.config().boxX();
                if (2 * settings.shift() >= box) {
                    throw new CryomineException("--shift " + settings.shift() + " must be less than half the run's box "
                            + "edge (" + box + " voxels)");
                }
                // the boxes exactly as the autoencoder saw them, so each pairs with its decoding
                List<Volume> boxes = boxesOfPicks(inputs, run, box, listener);
                List<Volume> decoded = decodeAll(ae, run.codes(), listener);
                DensityThreshold threshold = RunEmbedding.threshold(ae.normalization(), run.contrast(),
                        settings.perGroupLevels() ? 0 : settings.level());
                levels = settings.perGroupLevels()
                        ? chooseLevels(selection, threshold, decoded, run.assignments())
                        : java.util.Collections.nCopies(selection.groups().size(), settings.level());
                int[] assignments = run.assignments();
                if (settings.memberSearch() > 0 && run.dataset().size() > 1) {
                    LOG.warn("member search works on a run of one tomogram, but this run holds {}: training from the "
                            + "picks alone", run.dataset().size());
                } else if (settings.memberSearch() > 0) {
                    MemberSearch.Found found = new MemberSearch(settings.memberSearch())
                            .search(ae, run, selection, inputs.get(0), box, listener);
                    boxes = DatasetMining.concat(List.of(boxes, found.boxes()));
                    decoded = DatasetMining.concat(List.of(decoded, decodeAll(ae, found.codes(), listener)));
                    assignments = IntStream.concat(Arrays.stream(assignments), Arrays.stream(found.assignments()))
                            .toArray();
                    extraCentres.addAll(found.centres());
                }
                set = new WeakLabels(selection, threshold, settings.background(), settings.seed())
                        .withLabelRadius(settings.labelRadius()).withDataSigma(settings.dataSigma())
                        .withGroupLevels(levels).withCentralObject(settings.centralObject())
                        .withEvenBackground(settings.evenBackground())
                        .withBalancedGroups(settings.balancedGroups())
                        .withFreshBackground(settings.freshBackground())
                        .withGroupAverageWeight(settings.groupAverage())
                        .build(boxes, decoded, assignments);
            }
            if (sphereLabels.length > 0) {
                TomogramInput tomogram = inputs.get(0);
                int edge = box;
                List<int[]> known = new ArrayList<>(run.centres()); // the picks, then the boxes member search found
                known.addAll(extraCentres);
                set = SphereAugmentation.defaults().augment(set, known,
                        new int[] {tomogram.nx(), tomogram.ny(), tomogram.nz()}, box, sphereLabels,
                        settings.labelRadius(), centres -> {
                            extraCentres.addAll(centres);
                            return cut(tomogram, centres, edge, run, listener);
                        });
            }
            if (settings.shift() > 0) {
                set = ContextBoxes.of(set, inputs, run, extraCentres, box, settings.shift(), listener);
            }
            return fitAndSave(run, manifest, selection, box, set, levels, standardized, out, listener);
        } finally {
            for (TomogramInput input : inputs) {
                input.close();
            }
        }
    }

    /** Fails when a tomogram of the run changed since it was mined (its checksum differs). */
    static void requireUnchanged(MinedRun run, RunManifest manifest) throws IOException {
        boolean datasetRun = manifest.dataset().isPresent();
        for (Dataset.Tomogram t : run.dataset().tomograms()) {
            String role = datasetRun ? "tomogram/" + t.name() : "tomogram";
            String recorded = manifest.inputChecksum(role).orElse("");
            if (!recorded.equals(RunManifest.sha256(t.path()))) {
                throw new CryomineException(t.path() + " changed since it was mined; mine it again");
            }
        }
    }

    /** Every pick's box, in pick order: each tomogram's picks follow the previous tomogram's in a dataset run. */
    private static List<Volume> boxesOfPicks(List<TomogramInput> inputs, MinedRun run, int box,
                                             ProgressListener listener) throws IOException {
        if (inputs.size() == 1) {
            return inputs.get(0).boxes(run.centres(), box, run.poseNormalized(), run.contrast(), listener);
        }
        List<List<Volume>> perTomogram = new ArrayList<>();
        int next = 0;
        for (int t = 0; t < inputs.size(); t++) {
            List<Integer> picks = run.picksOf(t);
            if (!picks.isEmpty() && picks.get(0) != next) {
                throw new CryomineException(run.layout().picks() + " does not list the tomograms' picks one tomogram "
                        + "after another in the dataset's order; rerun 'cryomine mine'");
            }
            next += picks.size();
            List<int[]> centres = picks.stream().map(run.centres()::get).toList();
            perTomogram.add(inputs.get(t).boxes(centres, box, run.poseNormalized(), run.contrast(), listener));
        }
        return DatasetMining.concat(perTomogram);
    }

    private static List<Volume> cut(TomogramInput tomogram, List<int[]> centres, int box, MinedRun run,
                                    ProgressListener progress) {
        try {
            return tomogram.boxes(centres, box, false, run.contrast(), progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Trains Edss3d on {@code set} and writes the model directory {@code out} (through a sibling ".part"). */
    private SegModel fitAndSave(MinedRun run, RunManifest manifest, Selection selection, int box, TrainingSet set,
                                List<Double> levels, boolean standardized, Path out, PipelineListener listener)
            throws IOException {
        double[] fractions = set.classFractions();
        LOG.info("weak labels: {} examples, class fractions {}", set.size(), Arrays.toString(fractions));
        List<String> empty = new ArrayList<>();
        for (int g = 0; g < selection.groups().size(); g++) {
            if (!(fractions[g + 1] > 0)) {
                empty.add(selection.groups().get(g).name());
            }
        }
        if (!empty.isEmpty()) {
            throw new CryomineException("the weak labels give no voxel to " + empty + " at levels " + levels
                    + " (standard deviations, dense side, one per group); give a lower --level, or check that the groups' clusters hold "
                    + "dense objects (and the contrast: --bright for dense-is-bright data)");
        }
        List<Volume> images = settings.flips() ? Flips.views(set.images()) : set.images();
        List<Volume> labels = settings.flips() ? Flips.views(set.labels()) : set.labels();
        Edss3d.Builder b = Edss3d.builder().numClasses(set.classes()).boxSize(box).filters(settings.filters())
                .seed(settings.seed()).threads(settings.threads()).fullResolutionSkip(settings.skip())
                .mixedPrecision(settings.mixedPrecision() && box >= Recipe.MIXED_PRECISION_MIN_BOX)
                .flipAugmentation(settings.flipAugmentation()).shiftAugmentation(settings.shift())
                .noiseAugmentation(settings.noise()).weightAveraging(settings.weightAveraging());
        if (settings.balanced()) {
            b.classWeights(ClassWeights.balanced(fractions));
        }
        ExamplePool pool = pool(set, settings.flips() ? Flips.COUNT : 1);
        if (!pool.isEmpty()) {
            LOG.info("background taking turns: {} of {} background boxes in each epoch, a fresh sample each epoch ({} "
                    + "examples in all)", set.poolPerEpoch(), set.pool().length, set.size());
        }
        int epochSize = pool.itemsOf(images.size());
        int[] length = settings.epochsAndPatience(b.build().batchesPerEpoch(epochSize));
        if (length[0] > settings.epochs()) {
            LOG.info("{} examples give fewer than {} batches in {} epoch(s): training up to {} epochs, patience {}",
                    epochSize, settings.minSteps(), settings.epochs(), length[0], length[1]);
        }
        b.maxEpochs(length[0]).patience(length[1]);
        List<Integer> objectVoxels = new ArrayList<>();
        for (int g = 0; g < selection.groups().size(); g++) {
            objectVoxels.add(set.medianVoxels(g + 1));
            LOG.info("group {}: a typical object of its weak labels holds {} voxels", selection.groups().get(g).name(),
                    objectVoxels.get(g));
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        Directories.deleteRecursively(tmp);
        Files.createDirectories(tmp);
        SegModel model = new SegModel(tmp, selection, settings.level(), levels, run.contrast(), box,
                manifest.parameters(MiningPipeline.Stage.PICK)
                        .or(() -> manifest.parameters(run.dataset().tomograms().get(0).name(), MiningPipeline.Stage.PICK))
                        .map(p -> p.path("picker").asText()).orElse(""),
                run.codeAveraging(), objectVoxels, trainingIntensity(run, standardized), settings.networks());
        List<Path> networks = model.edss3dNetworks();
        for (int n = 0; n < networks.size(); n++) {
            if (networks.size() > 1) {
                LOG.info("network {} of {} (seed {})", n + 1, networks.size(), settings.seed() + n);
            }
            try (TrainedEdss3d net = b.seed(settings.seed() + n).build().fit(images, labels, pool, listener, null)) {
                net.save(networks.get(n));
            }
        }
        Directories.copyRecursively(run.layout().model(), model.autoencoder());
        Files.copy(run.layout().centroids(), model.centroids());
        model.writeDescription(settings, images.size());
        Directories.deleteRecursively(out);
        Files.move(tmp, out);
        return new SegModel(out, selection, settings.level(), levels, run.contrast(), box, model.picker(),
                run.codeAveraging(), objectVoxels, model.intensity(), model.networks());
    }

    /**
     * The pool of {@code set}'s examples that take turns, as Edss3d counts its images: each example given as
     * {@code copies} consecutive images (its flips, {@link Flips#views}).
     */
    static ExamplePool pool(TrainingSet set, int copies) {
        int[] members = Arrays.stream(set.pool()).flatMap(p -> IntStream.range(copies * p, copies * p + copies)).toArray();
        return members.length == 0 ? ExamplePool.NONE : new ExamplePool(members, copies * set.poolPerEpoch());
    }

    /** Whether the run cut its boxes from standardized tomograms (a dataset run's train stage records it). */
    static boolean standardizedBoxes(RunManifest manifest) {
        return manifest.parameters(MiningPipeline.Stage.TRAIN)
                .map(p -> p.path(DatasetMining.STANDARDIZED).asBoolean(false)).orElse(false);
    }

    /**
     * The intensity level and scale of the boxes the network trained on, which segmenting matches new tomograms to:
     * median 0 and spread 1 where they were cut from standardized tomograms, else the run's tomogram's (of a dataset's,
     * pooled); logged.
     */
    static IntensityStatistics trainingIntensity(MinedRun run, boolean standardized) {
        if (standardized) {
            LOG.info("training intensities: median 0, spread 1 (the boxes were cut from standardized tomograms)");
            return IntensityStatistics.STANDARD;
        }
        List<IntensityStatistics> each = new ArrayList<>();
        for (Dataset.Tomogram t : run.dataset().tomograms()) {
            each.add(IntensityStatistics.of(FileRegionSource.open(t.path())));
        }
        IntensityStatistics pooled = IntensityStatistics.pooled(each);
        LOG.info("training intensities: median {}, spread {} ({} voxels sampled)",
                String.format(Locale.ROOT, "%.4g", pooled.median()), String.format(Locale.ROOT, "%.4g", pooled.spread()),
                pooled.samples());
        return pooled;
    }

    /**
     * Each group's weak-label level chosen from the members' decodings ({@link GroupLevels}, within the settings'
     * label radius); logged per group.
     */
    private List<Double> chooseLevels(Selection selection, DensityThreshold threshold, List<Volume> decoded,
                                      int[] assignments) {
        GroupLevels.Accumulator acc = GroupLevels.defaults().withLabelRadius(settings.labelRadius())
                .accumulator(threshold, selection.groups().size());
        for (int i = 0; i < assignments.length; i++) {
            int label = selection.labelOf(assignments[i]);
            if (label > 0) {
                acc.add(label - 1, decoded.get(i));
            }
        }
        List<Double> levels = Arrays.stream(acc.levels()).boxed().toList();
        for (int g = 0; g < levels.size(); g++) {
            LOG.info("weak-label level of group {}: {} (per group, from the data)", selection.groups().get(g).name(),
                    String.format(Locale.ROOT, "%.3f", levels.get(g)));
        }
        return levels;
    }

    /**
     * Sphere completion maps the labels over the whole tomogram (a float and a component id per voxel): a clear
     * error, before the map is allocated, when that would take more than half of the heap or more voxels than a
     * volume holds.
     */
    /** Whether the weak labels' map over an nx x ny x nz tomogram takes at most half of {@code maxHeap} bytes. */
    static boolean roomForSphereMap(int nx, int ny, int nz, long maxHeap) {
        long voxels = (long) nx * ny * nz;
        return voxels <= Integer.MAX_VALUE - 8 && voxels * (Float.BYTES + Integer.BYTES) <= maxHeap / 2;
    }

    static void requireRoomForSphereMap(int nx, int ny, int nz, long maxHeap) {
        long voxels = (long) nx * ny * nz;
        long bytes = voxels * (Float.BYTES + Integer.BYTES);
        if (!roomForSphereMap(nx, ny, nz, maxHeap)) {
            throw new CryomineException(String.format(Locale.ROOT, "--complete-spheres maps the weak labels "
                    + "over the whole %dx%dx%d tomogram: %.1f GB, more than half of the %.1f GB Java heap allows; raise "
                    + "the heap (CRYOMINE_JAVA_OPTS=-Xmx...) or leave --complete-spheres out", nx, ny, nz, bytes / 1e9,
                    maxHeap / 1e9));
        }
    }

    /**
     * The groups whose weak labels are completed as spheres: the settings' {@code sphereGroups}, and with
     * {@code completeMembranes} the selection's membrane groups unless {@code obstacle} says why the run cannot have
     * them completed (then a note says so).
     *
     * @param obstacle empty, or why the run's weak labels cannot be completed ({@link #sphereObstacle})
     */
    static List<String> sphereGroups(SegTrainSettings settings, Selection selection, String obstacle) {
        List<String> out = new ArrayList<>(settings.sphereGroups());
        if (settings.completeMembranes()) {
            List<String> implicit = selection.membraneGroups().stream().filter(g -> !out.contains(g)).toList();
            if (!implicit.isEmpty() && !obstacle.isEmpty()) {
                LOG.info("the membranes {} are trained without completed spheres: {}", implicit, obstacle);
            } else {
                out.addAll(implicit);
            }
        }
        return out;
    }

    /** Why the run's weak labels cannot be completed as spheres, or empty when they can. */
    static String sphereObstacle(MinedRun run) {
        if (run.poseNormalized()) {
            return "the run is pose-normalized";
        }
        if (run.dataset().size() > 1) {
            return "the run holds " + run.dataset().size() + " tomograms";
        }
        return roomForSphereMap(run.header().nx(), run.header().ny(), run.header().nz(),
                Runtime.getRuntime().maxMemory()) ? "" : "the tomogram's sphere map would not fit in half the heap";
    }

    /** The labels (group index + 1) of the named groups; a clear error for a name the selection lacks. */
    static int[] sphereLabels(Selection selection, List<String> names) {
        return names.stream().mapToInt(n -> selection.labelOfGroup(n, "--complete-spheres")).toArray();
    }

    private static List<Volume> decodeAll(TrainedAutoencoder ae, float[][] codes, ProgressListener progress) {
        List<Volume> out = new ArrayList<>(codes.length);
        for (int start = 0; start < codes.length; start += DECODE_BATCH) {
            progress.checkCancelled();
            float[][] batch = Arrays.copyOfRange(codes, start, Math.min(codes.length, start + DECODE_BATCH));
            out.addAll(List.of(ae.decode(batch)));
            progress.onProgress("decoding", out.size(), codes.length);
        }
        return out;
    }
}
