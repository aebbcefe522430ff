package org.cryomine.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cryomine.cluster.ClusterModel;
import org.cryomine.cluster.AutoK;
import org.cryomine.cluster.KMeansClusterer;
import org.cryomine.cluster.KScore;
import org.cryomine.core.AtomicFiles;
import org.cryomine.core.CryomineException;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.Peak;
import org.cryomine.core.pick.SubvolumePicker;
import org.cryomine.io.Volumes;
import org.cryomine.io.particles.ParticleLists;
import org.cryomine.io.run.RunLock;
import org.cryomine.io.run.StaleTemporaries;
import org.cryomine.nn.Autoencoder3D;
import org.cryomine.nn.CodeAveraging;
import org.cryomine.nn.TrainedAutoencoder;
import org.cryomine.nn.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cryomine mine}: pick -> (pose-normalize) -> train the autoencoder -> encode -> k-means ->
 * decode centres -> report, each stage writing into a run directory whose {@code manifest.json} records
 * parameters, seeds and input checksums. A rerun reuses every stage whose parameters and inputs are
 * unchanged and redoes the rest; the same seeds give the same cluster numbers.
 *
 * <p>Run directory layout: {@code picks.star} (voxel coordinates, {@code cryomineScore},
 * {@code cryomineCluster}), {@code codes.csv} (one row per pick, same order), with
 * {@link CodeAveraging#FLIPS} also {@code codes-flip-averaged.csv} (the codes clustered), {@code model/} (the
 * trained autoencoder), {@code clusters/} (centroids, assignments, decoded centres and member averages as
 * MRC and PNG), {@code report.html}.
 *
 * <p>{@code codes.csv} always holds each box's own code, which decodes to a picture of the box (the embedding
 * and the weak labels decode them). With flip-averaged codes the clusters' decoded centres are the decoded
 * mean code of their members, since a mean over flips decodes to no one box.
 *
 * <p>Large tomograms are read by region (see {@link #run(Path, Path, PipelineListener)}):
 * memory is then one z-slab (a quarter of the heap at most, see {@link org.cryomine.core.pick.SlabPicker})
 * plus the network, and the run directory holds a scratch file of {@code 4 box^3} bytes per pick while the
 * run lasts.
 */
public final class MiningPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(MiningPipeline.class);

    /** Name of the pick-stage parameter that records the contrast (DARK or BRIGHT). */
    static final String CONTRAST = "contrast";

    /** Name of the encode-stage parameter that records the {@link CodeAveraging} of the clustered codes. */
    static final String CODE_AVERAGING = "codeAveraging";

    /** Name of the train-stage parameter that records the autoencoder's settings (all but its thread count). */
    static final String AUTOENCODER = "autoencoder";

    private final MiningSettings options;
    private final TomogramAccess access;
    private final long regionMemory;
    private final boolean foreignFolder;
    private final boolean mixedContrast;

    private MiningPipeline(MiningSettings options, TomogramAccess access, long regionMemory, boolean foreignFolder,
                           boolean mixedContrast) {
        this.options = Objects.requireNonNull(options, "options");
        this.access = Objects.requireNonNull(access, "access");
        if (regionMemory < 1) {
            throw new IllegalArgumentException("region memory must be a positive number of bytes, got " + regionMemory);
        }
        this.regionMemory = regionMemory;
        this.foreignFolder = foreignFolder;
        this.mixedContrast = mixedContrast;
    }

    /** A pipeline with {@code settings} that reads the tomogram by region when it is large ({@link TomogramAccess#AUTO}). */
    public static MiningPipeline of(MiningSettings settings) {
        return new MiningPipeline(settings, TomogramAccess.AUTO, TomogramAccess.defaultRegionMemory(), false, false);
    }

    /** The same pipeline reading the tomogram file as {@code newAccess} says (whole, by region, or by its size). */
    public MiningPipeline withAccess(TomogramAccess newAccess) {
        return new MiningPipeline(options, newAccess, regionMemory, foreignFolder, mixedContrast);
    }

    /** The same pipeline with slabs of about {@code bytes} when reading by region. */
    public MiningPipeline withRegionMemory(long bytes) {
        return new MiningPipeline(options, access, bytes, foreignFolder, mixedContrast);
    }

    /**
     * The same pipeline, allowed (or not, the default) to mine into a folder that holds other files and is not a
     * cryomine run.
     */
    public MiningPipeline withForeignFolder(boolean allowed) {
        return new MiningPipeline(options, access, regionMemory, allowed, mixedContrast);
    }

    /**
     * The same pipeline, allowed (or not, the default) to mine a dataset whose tomograms seem to follow different
     * contrast conventions (dense matter dark in some, bright in others; see {@link ContrastCheck}).
     */
    public MiningPipeline withMixedContrast(boolean allowed) {
        return new MiningPipeline(options, access, regionMemory, foreignFolder, allowed);
    }

    boolean allowsMixedContrast() {
        return mixedContrast;
    }

    /** The settings. */
    public MiningSettings settings() {
        return options;
    }

    /**
     * Everything a finished run produced, in memory; {@code tomogram} is null when it was read by region.
     * {@code codes} are the boxes' own codes, {@code clusteredCodes} those k-means clustered (the same array
     * unless the codes were averaged over flips), in whose space the {@code centroids} lie.
     */
    public record Result(Volume tomogram, List<int[]> centres, float[][] codes, float[][] clusteredCodes,
                         int[] assignments, float[][] centroids) {
    }

    /**
     * Runs (or resumes) the pipeline on {@code tomogramFile}, writing into {@code runDir}. The tomogram is
     * read whole, or by region when this pipeline's {@link TomogramAccess} says so for its size: then picking
     * runs by z-slabs ({@link org.cryomine.core.pick.SlabPicker}) and the boxes are cut in one slab pass into
     * a scratch file in {@code runDir} ({@link BoxStore}, deleted at the end), with the same picks and boxes
     * as the whole tomogram gives; {@link Result#tomogram()} is then null.
     *
     * @param progress reports stage progress and may cancel
     * @param training reports training progress
     */
    public Result run(Path tomogramFile, Path runDir, PipelineListener listener) throws IOException {
        requireRunFolder(runDir);
        FileRegionSource source = FileRegionSource.open(tomogramFile);
        if (!access.byRegion(source.header())) {
            return run(Volumes.read(tomogramFile), tomogramFile, runDir, listener);
        }
        LOG.info("reading the {} tomogram {} by region", TomogramAccess.describe(source.header()), tomogramFile);
        try (TomogramInput input = TomogramInput.byRegion(source, runDir, regionMemory)) {
            return run(input, tomogramFile, runDir, listener, listener);
        }
    }

    /**
     * Mines a dataset into {@code runDir}: one tomogram exactly as {@link #run(Path, Path, PipelineListener)};
     * several as one run with one autoencoder and one codebook (see {@link DatasetMining}), every pick row naming its
     * tomogram ({@code rlnTomoName}). {@link Result#tomogram()} is null for several tomograms.
     */
    public Result run(Dataset dataset, Path runDir, PipelineListener listener) throws IOException {
        return run(dataset, runDir, false, listener);
    }

    /**
     * As {@link #run(Dataset, Path, PipelineListener)}; with {@code retrain} the autoencoder of a dataset run is
     * trained again even when its settings are unchanged (e.g. after tomograms were added).
     */
    public Result run(Dataset dataset, Path runDir, boolean retrain, PipelineListener listener) throws IOException {
        if (dataset.size() == 1 && !Files.isDirectory(runDir.resolve(RunLayout.TOMOGRAMS))) {
            return run(dataset.tomograms().get(0).path(), runDir, listener);
        }
        requireRunFolder(runDir);
        return new DatasetMining(this, regionMemory, retrain).run(dataset, runDir, listener);
    }

    /**
     * As {@link #run(Path, Path, PipelineListener)} on a tomogram already read; {@code tomogramFile} is recorded
     * (with its checksum) as the run's tomogram and must hold {@code tomogram}.
     */
    public Result run(Volume tomogram, Path tomogramFile, Path runDir, PipelineListener listener) throws IOException {
        requireRunFolder(runDir);
        try (TomogramInput input = TomogramInput.inMemory(tomogram)) {
            return run(input, tomogramFile, runDir, listener, listener);
        }
    }

    private Result run(TomogramInput tomogram, Path tomogramFile, Path runDir, ProgressListener progress,
                       TrainingListener training) throws IOException {
        try (RunLock lock = RunLock.acquire(runDir, "cryomine mine " + tomogramFile)) {
            removeStaleTemporaries(runDir);
            return runLocked(tomogram, tomogramFile, runDir, progress, training);
        }
    }

    /** Removes what killed runs left in {@code runDir} and its per-tomogram folders (the caller holds the lock). */
    static void removeStaleTemporaries(Path runDir) throws IOException {
        List<Path> removed = new ArrayList<>(StaleTemporaries.clean(runDir));
        Path tomograms = runDir.resolve(RunLayout.TOMOGRAMS);
        if (Files.isDirectory(tomograms)) {
            try (var dirs = Files.list(tomograms)) {
                for (Path d : (Iterable<Path>) dirs::iterator) {
                    if (Files.isDirectory(d)) {
                        removed.addAll(StaleTemporaries.clean(d));
                    }
                }
            }
        }
        if (!removed.isEmpty()) {
            LOG.info("removed {} temporary files of earlier, killed runs: {}", removed.size(), removed);
        }
    }

    private Result runLocked(TomogramInput tomogram, Path tomogramFile, Path runDir, ProgressListener progress,
                             TrainingListener training) throws IOException {
        String tomogramName = Dataset.nameOf(tomogramFile);
        // RELION 5's centred coordinates in picks.star need the tomogram's size and voxel size
        java.util.Map<String, ParticleLists.Geometry> geometry =
                java.util.Map.of(tomogramName, ParticleLists.Geometry.of(Volumes.readHeader(tomogramFile)));
        RunLayout run = new RunLayout(runDir);
        RunManifest manifest = RunManifest.openOrCreate(runDir);
        manifest.recordRecipe(options.recipe());
        String checksum = RunManifest.sha256(tomogramFile);
        if (!manifest.inputChecksum("tomogram").equals(Optional.of(checksum))) {
            manifest.invalidateFrom(Stage.PICK);
            manifest.recordInput("tomogram", tomogramFile);
        }
        requireTomogramFitsBox(tomogram);
        PickTable picks = pick(tomogram, tomogramName, geometry, run, manifest, progress);
        List<int[]> centres = picks.centres();
        requireEnoughPicks(centres.size(), 1);
        List<Volume> boxes = tomogram.boxes(centres, options.boxSize(), options.poseNormalize(),
                options.picker().contrast(), progress);
        try (TrainedAutoencoder ae = train(trainingSample(boxes), run, manifest, trainingParameters(boxes.size()),
                training)) {
            Encoded encoded = encode(ae, boxes, tomogramName, run, manifest, progress);
            CodeHealth.check(encoded.own(), options.autoencoder().linearCode());
            float[][] codes = encoded.own();
            ClusterModel clusters = cluster(encoded.clustered(), run, manifest, progress);
            PickTable.write(run.picks(), centres, picks.scores(), clusters.assignments(), tomogramName, geometry);
            ObjectNode reportParams = RunManifest.newParameters();
            reportParams.put("k", options.k());
            if (!manifest.isDone(Stage.REPORT, reportParams)) {
                manifest.invalidateFrom(Stage.REPORT);
                new ClusterReportWriter(run, ae, options.seed()).write(boxes, codes, encoded.clustered(), clusters, null,
                        new ClusterReportWriter.OverviewSource(List.of(tomogramFile), List.of(tomogramName),
                                centres, null), progress);
                manifest.markDone(Stage.REPORT, reportParams, List.of(RunLayout.REPORT));
            }
            return new Result(tomogram.volume(), centres, codes, encoded.clustered(), clusters.assignments(),
                    clusters.centroids());
        }
    }

    /** Fails right after picking, before training, when there are fewer subvolumes than clusters. */
    void requireEnoughPicks(int picks, int tomograms) {
        if (options.isAutoK() && picks < 2 * AutoK.DEFAULT_MIN_K) {
            throw new CryomineException("only " + picks + " subvolumes: too few to choose k automatically (at least "
                    + 2 * AutoK.DEFAULT_MIN_K + "); give --k or pick more subvolumes (a lower --threshold-quantile, "
                    + "--grid STEP)");
        }
        if (options.k() > picks) {
            throw new CryomineException("k = " + options.k() + " clusters but only " + picks + " subvolumes"
                    + (tomograms > 1 ? " in " + tomograms + " tomograms" : "") + "; choose a smaller --k or pick more "
                    + "subvolumes (a lower --threshold-quantile, --grid STEP)");
        }
    }

    /**
     * Refuses, before any work, to mine into a folder that holds files but is not a cryomine run (no
     * {@code manifest.json}), unless this pipeline was told to ({@link #withForeignFolder(boolean)}).
     */
    void requireRunFolder(Path runDir) throws IOException {
        if (foreignFolder || !Files.isDirectory(runDir) || Files.exists(runDir.resolve("manifest.json"))) {
            return;
        }
        try (var entries = Files.list(runDir)) {
            if (entries.anyMatch(p -> !p.getFileName().toString().equals(RunLock.FILE_NAME))) {
                throw new CryomineException(runDir + " holds files but is not a cryomine run (it has no manifest.json);"
                        + " choose a new or empty folder, or allow mining into it (--force)");
            }
        }
    }

    private void requireTomogramFitsBox(TomogramInput tomogram) {
        int b = options.boxSize();
        if (tomogram.nx() < b || tomogram.ny() < b || tomogram.nz() < b) {
            throw new IllegalArgumentException("the " + tomogram.nx() + "x" + tomogram.ny() + "x" + tomogram.nz()
                    + " tomogram is smaller than the " + b + "^3 box; choose a smaller --box");
        }
    }

    private PickTable pick(TomogramInput tomogram, String tomogramName,
                           java.util.Map<String, ParticleLists.Geometry> geometry, RunLayout run, RunManifest manifest,
                           ProgressListener progress) throws IOException {
        ObjectNode params = pickParameters();
        if (manifest.isDone(Stage.PICK, params)) {
            LOG.info("reusing the picks in {}", run.picks());
            return PickTable.read(run.picks());
        }
        manifest.invalidateFrom(Stage.PICK);
        PickTable picks = findPicks(tomogram, progress);
        PickTable.write(run.picks(), picks.centres(), picks.scores(), null, tomogramName, geometry);
        manifest.markDone(Stage.PICK, params, List.of(RunLayout.PICKS));
        return picks;
    }

    /** The settings that decide the picks. */
    ObjectNode pickParameters() {
        ObjectNode params = RunManifest.newParameters();
        params.put("picker", options.picker().toString());
        params.put("gridStep", options.gridStep());
        params.put(CONTRAST, options.picker().contrast().name());
        return params;
    }

    /** DoG picks (and grid boxes) of {@code tomogram}; a clear error when there are none. */
    PickTable findPicks(TomogramInput tomogram, ProgressListener progress) {
        List<Peak> peaks = tomogram.findPeaks(options.picker(), progress);
        List<int[]> centres = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (Peak p : peaks) {
            centres.add(new int[] {p.x(), p.y(), p.z()});
            scores.add(p.score());
        }
        if (options.gridStep() > 0) {
            for (int[] c : tomogram.gridPositions(SubvolumePicker.grid().withBoxSize(options.boxSize())
                    .withStep(options.gridStep()))) {
                centres.add(c);
                scores.add(0.0);
            }
        }
        if (centres.isEmpty()) {
            throw new CryomineException("no particles were picked; lower the threshold, check the contrast "
                    + "(--bright for dense-is-bright data) or add grid boxes (--grid)");
        }
        LOG.info("{} DoG picks and {} grid boxes", peaks.size(), centres.size() - peaks.size());
        return new PickTable(centres, scores.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The settings that decide the trained network (not thread counts). */
    ObjectNode trainParameters() {
        ObjectNode params = RunManifest.newParameters();
        params.set(AUTOENCODER, resultSettings(options.autoencoder()));
        params.put("poseNormalize", options.poseNormalize());
        return params;
    }

    /**
     * The boxes one tomogram's autoencoder trains on: all of them, or a seeded sample of {@link
     * MiningSettings#maxTrainingBoxes()} when there are more (every box is still encoded and clustered).
     */
    List<Volume> trainingSample(List<Volume> boxes) {
        if (boxes.size() <= options.maxTrainingBoxes()) {
            return boxes;
        }
        LOG.info("training on {} of {} boxes (a seeded sample; --max-training-boxes)", options.maxTrainingBoxes(),
                boxes.size());
        return DatasetMining.sample(List.of(boxes), options.maxTrainingBoxes(), options.seed());
    }

    /**
     * {@link #trainParameters()} of one tomogram with {@code boxes} boxes: the cap on training boxes is recorded only
     * where it leaves boxes out, so runs that train on every box are reused whatever the cap.
     */
    ObjectNode trainingParameters(int boxes) {
        ObjectNode params = trainParameters();
        if (boxes > options.maxTrainingBoxes()) {
            params.put("maxTrainingBoxes", options.maxTrainingBoxes());
        }
        return params;
    }

    TrainedAutoencoder train(List<Volume> boxes, RunLayout run, RunManifest manifest, ObjectNode params,
                             TrainingListener training) throws IOException {
        if (manifest.isDone(Stage.TRAIN, params)) {
            LOG.info("reusing the trained autoencoder in {}", run.model());
            return TrainedAutoencoder.load(run.model());
        }
        manifest.invalidateFrom(Stage.TRAIN);
        prepareCheckpoint(run.checkpoint(), params);
        TrainedAutoencoder ae = options.autoencoder().fit(boxes, training, run.checkpoint());
        ae.save(run.model(), true);
        manifest.markDone(Stage.TRAIN, params, List.of(RunLayout.MODEL));
        return ae;
    }

    /**
     * Keeps the checkpoint folder of an interrupted training with the same settings (training resumes from it) and
     * empties one left by other settings, which could not be resumed; records the settings in it.
     */
    static void prepareCheckpoint(Path dir, ObjectNode params) throws IOException {
        Path record = dir.resolve("pipeline-parameters.json");
        if (Files.exists(dir) && !(Files.exists(record) && params.equals(RunManifest.json().readTree(record.toFile())))) {
            LOG.info("starting training afresh: {} holds a training with other settings", dir);
            Directories.deleteRecursively(dir);
        }
        Files.createDirectories(dir);
        AtomicFiles.writeString(record, true, RunManifest.json().writeValueAsString(params));
    }

    /** The autoencoder's settings as JSON, without its thread count, which does not change the result. */
    static ObjectNode resultSettings(Autoencoder3D autoencoder) {
        ObjectNode node = RunManifest.json().valueToTree(autoencoder);
        node.remove("threads");
        return RunManifest.roundTrip(node);
    }

    /** The boxes' own codes and the codes to cluster: the same array unless the codes are averaged over flips. */
    public record Encoded(float[][] own, float[][] clustered) {
    }

    /** The boxes' own codes and, with flip-averaged codes, those to cluster, in batches that report progress. */
    Encoded encodeBoxes(TrainedAutoencoder ae, List<Volume> boxes, ProgressListener progress) {
        boolean flips = options.codeAveraging() == CodeAveraging.FLIPS;
        float[][] codes = new float[boxes.size()][];
        float[][] clustered = flips ? new float[boxes.size()][] : codes;
        for (int start = 0; start < boxes.size(); start += ENCODE_BATCH) {
            progress.checkCancelled();
            List<Volume> batch = boxes.subList(start, Math.min(boxes.size(), start + ENCODE_BATCH));
            TrainedAutoencoder.Codes both = ae.encodeBoth(batch, options.codeAveraging());
            float[][] own = both.own();
            float[][] averaged = both.averaged();
            for (int i = 0; i < own.length; i++) {
                codes[start + i] = own[i];
                clustered[start + i] = averaged[i];
            }
            progress.onProgress("encoding", start + batch.size(), boxes.size());
        }
        return new Encoded(codes, clustered);
    }

    private Encoded encode(TrainedAutoencoder ae, List<Volume> boxes, String tomogramName, RunLayout run,
                           RunManifest manifest, ProgressListener progress) throws IOException {
        boolean flips = options.codeAveraging() == CodeAveraging.FLIPS;
        ObjectNode params = RunManifest.newParameters();
        params.put("subvolumes", boxes.size());
        params.put(CODE_AVERAGING, options.codeAveraging().name());
        if (manifest.isDone(Stage.ENCODE, params)) {
            float[][] codes = MatrixCsv.read(run.codes());
            return new Encoded(codes, flips ? MatrixCsv.read(run.flipAveragedCodes()) : codes);
        }
        manifest.invalidateFrom(Stage.ENCODE);
        Encoded encoded = encodeBoxes(ae, boxes, progress);
        float[][] codes = encoded.own();
        float[][] clustered = encoded.clustered();
        String[] names = new String[codes.length];
        java.util.Arrays.fill(names, tomogramName);
        MatrixCsv.writeCodes(run.codes(), codes, names);
        if (flips) {
            MatrixCsv.writeCodes(run.flipAveragedCodes(), clustered, names);
        } else {
            Files.deleteIfExists(run.flipAveragedCodes());
        }
        manifest.markDone(Stage.ENCODE, params,
                flips ? List.of(RunLayout.CODES, RunLayout.FLIP_AVERAGED_CODES) : List.of(RunLayout.CODES));
        return new Encoded(codes, clustered);
    }

    ClusterModel cluster(float[][] codes, RunLayout run, RunManifest manifest, ProgressListener progress)
            throws IOException {
        if (options.k() > codes.length) {
            throw new IllegalArgumentException("k = " + options.k() + " clusters but only " + codes.length
                    + " subvolumes; choose a smaller --k or pick more subvolumes");
        }
        ObjectNode params = RunManifest.newParameters();
        params.put("k", options.k());
        params.put("restarts", options.restarts());
        params.put("swapTrials", KMeansClusterer.DEFAULT_SWAP_TRIALS);
        params.put("seed", options.seed());
        manifest.invalidateFrom(Stage.CLUSTER); // k-means is fast and deterministic: always recomputed
        KMeansClusterer kmeans = KMeansClusterer.of(Math.max(1, options.k())).withSeed(options.seed())
                .withRestarts(options.restarts());
        if (options.isAutoK()) {
            AutoK.Choice choice = AutoK.of(kmeans.withRestarts(1)).choose(codes, progress);
            kmeans = kmeans.withK(choice.k());
            params.put("chosenK", choice.k());
            ArrayNode rows = params.putArray("kDiagnostics");
            for (KScore score : choice.diagnostics().scores()) {
                ObjectNode row = rows.addObject().put("k", score.k()).put("inertia", score.inertia());
                if (Double.isFinite(score.silhouette())) {
                    row.put("silhouette", score.silhouette());
                }
                if (Double.isFinite(score.calinskiHarabasz())) {
                    row.put("calinskiHarabasz", score.calinskiHarabasz());
                }
            }
            LOG.info("k = {} chosen from the codes: the highest silhouette among k = {}..{}", choice.k(),
                    choice.diagnostics().scores().get(0).k(),
                    choice.diagnostics().scores().get(choice.diagnostics().scores().size() - 1).k());
        }
        ClusterModel model = kmeans.fit(codes, progress);
        Files.createDirectories(run.clusters());
        MatrixCsv.write(run.centroids(), model.centroids());
        MatrixCsv.writeColumn(run.assignments(), model.assignments());
        manifest.markDone(Stage.CLUSTER, params, List.of(RunLayout.CENTROIDS, RunLayout.ASSIGNMENTS));
        return model;
    }

    /** Boxes encoded at a time. */
    static final int ENCODE_BATCH = 256;

    /** Stage names in the manifest, in pipeline order. */
    static final class Stage {
        static final String PICK = "pick";
        static final String TRAIN = "train";
        static final String ENCODE = "encode";
        static final String CLUSTER = "cluster";
        static final String REPORT = "report";

        private Stage() {
        }
    }
}
