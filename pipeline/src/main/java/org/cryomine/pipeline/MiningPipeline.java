package org.cryomine.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cryomine.cluster.ClusterModel;
import org.cryomine.cluster.KMeansClusterer;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.Peak;
import org.cryomine.core.pick.SubvolumePicker;
import org.cryomine.io.Volumes;
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

    private MiningPipeline(MiningSettings options, TomogramAccess access, long regionMemory) {
        this.options = Objects.requireNonNull(options, "options");
        this.access = Objects.requireNonNull(access, "access");
        if (regionMemory < 1) {
            throw new IllegalArgumentException("region memory must be a positive number of bytes, got " + regionMemory);
        }
        this.regionMemory = regionMemory;
    }

    /** A pipeline with {@code settings} that reads the tomogram by region when it is large ({@link TomogramAccess#AUTO}). */
    public static MiningPipeline of(MiningSettings settings) {
        return new MiningPipeline(settings, TomogramAccess.AUTO, TomogramAccess.defaultRegionMemory());
    }

    /** The same pipeline reading the tomogram file as {@code newAccess} says (whole, by region, or by its size). */
    public MiningPipeline withAccess(TomogramAccess newAccess) {
        return new MiningPipeline(options, newAccess, regionMemory);
    }

    /** The same pipeline with slabs of about {@code bytes} when reading by region. */
    public MiningPipeline withRegionMemory(long bytes) {
        return new MiningPipeline(options, access, bytes);
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
     * As {@link #run(Path, Path, PipelineListener)} on a tomogram already read; {@code tomogramFile} is recorded
     * (with its checksum) as the run's tomogram and must hold {@code tomogram}.
     */
    public Result run(Volume tomogram, Path tomogramFile, Path runDir, PipelineListener listener) throws IOException {
        try (TomogramInput input = TomogramInput.inMemory(tomogram)) {
            return run(input, tomogramFile, runDir, listener, listener);
        }
    }

    private Result run(TomogramInput tomogram, Path tomogramFile, Path runDir, ProgressListener progress,
                       TrainingListener training) throws IOException {
        RunLayout run = new RunLayout(runDir);
        RunManifest manifest = RunManifest.openOrCreate(runDir);
        manifest.recordRecipe(options.recipe());
        String checksum = RunManifest.sha256(tomogramFile);
        if (!manifest.inputChecksum("tomogram").equals(Optional.of(checksum))) {
            manifest.invalidateFrom(Stage.PICK);
            manifest.recordInput("tomogram", tomogramFile);
        }
        requireTomogramFitsBox(tomogram);
        PickTable picks = pick(tomogram, run, manifest, progress);
        List<int[]> centres = picks.centres();
        List<Volume> boxes = tomogram.boxes(centres, options.boxSize(), options.poseNormalize(),
                options.picker().contrast(), progress);
        try (TrainedAutoencoder ae = train(boxes, run, manifest, training)) {
            Encoded encoded = encode(ae, boxes, run, manifest, progress);
            float[][] codes = encoded.own();
            ClusterModel clusters = cluster(encoded.clustered(), run, manifest, progress);
            PickTable.write(run.picks(), centres, picks.scores(), clusters.assignments());
            ObjectNode reportParams = RunManifest.newParameters();
            reportParams.put("k", options.k());
            if (!manifest.isDone(Stage.REPORT, reportParams)) {
                manifest.invalidateFrom(Stage.REPORT);
                new ClusterReportWriter(run, ae, options.seed()).write(boxes, codes, encoded.clustered(), clusters, progress);
                manifest.markDone(Stage.REPORT, reportParams, List.of(RunLayout.REPORT));
            }
            return new Result(tomogram.volume(), centres, codes, encoded.clustered(), clusters.assignments(),
                    clusters.centroids());
        }
    }

    private void requireTomogramFitsBox(TomogramInput tomogram) {
        int b = options.boxSize();
        if (tomogram.nx() < b || tomogram.ny() < b || tomogram.nz() < b) {
            throw new IllegalArgumentException("the " + tomogram.nx() + "x" + tomogram.ny() + "x" + tomogram.nz()
                    + " tomogram is smaller than the " + b + "^3 box; choose a smaller --box");
        }
    }

    private PickTable pick(TomogramInput tomogram, RunLayout run, RunManifest manifest, ProgressListener progress)
            throws IOException {
        ObjectNode params = RunManifest.newParameters();
        params.put("picker", options.picker().toString());
        params.put("gridStep", options.gridStep());
        params.put(CONTRAST, options.picker().contrast().name());
        if (manifest.isDone(Stage.PICK, params)) {
            LOG.info("reusing the picks in {}", run.picks());
            return PickTable.read(run.picks());
        }
        manifest.invalidateFrom(Stage.PICK);
        List<Peak> peaks = tomogram.findPeaks(options.picker(), progress);
        List<int[]> centres = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (Peak p : peaks) {
            centres.add(new int[] {p.x(), p.y(), p.z()});
            scores.add(p.score());
        }
        if (options.gridStep() > 0) {
            for (int[] c : tomogram.gridPositions(SubvolumePicker.grid().boxSize(options.boxSize()).step(options.gridStep()))) {
                centres.add(c);
                scores.add(0.0);
            }
        }
        if (centres.isEmpty()) {
            throw new IllegalArgumentException("no particles were picked; lower the threshold, check the contrast "
                    + "(--bright for dense-is-bright data) or add grid boxes (--grid)");
        }
        LOG.info("{} DoG picks and {} grid boxes", peaks.size(), centres.size() - peaks.size());
        PickTable picks = new PickTable(centres, scores.stream().mapToDouble(Double::doubleValue).toArray());
        PickTable.write(run.picks(), centres, picks.scores(), null);
        manifest.markDone(Stage.PICK, params, List.of(RunLayout.PICKS));
        return picks;
    }

    private TrainedAutoencoder train(List<Volume> boxes, RunLayout run, RunManifest manifest, TrainingListener training)
            throws IOException {
        ObjectNode params = RunManifest.newParameters();
        params.set(AUTOENCODER, resultSettings(options.autoencoder()));
        params.put("poseNormalize", options.poseNormalize());
        if (manifest.isDone(Stage.TRAIN, params)) {
            LOG.info("reusing the trained autoencoder in {}", run.model());
            return TrainedAutoencoder.load(run.model());
        }
        manifest.invalidateFrom(Stage.TRAIN);
        Files.createDirectories(run.checkpoint());
        TrainedAutoencoder ae = options.autoencoder().fit(boxes, training, run.checkpoint());
        ae.save(run.model(), true);
        manifest.markDone(Stage.TRAIN, params, List.of(RunLayout.MODEL));
        return ae;
    }

    /** The autoencoder's settings as JSON, without its thread count, which does not change the result. */
    static ObjectNode resultSettings(Autoencoder3D autoencoder) {
        ObjectNode node = RunManifest.json().valueToTree(autoencoder);
        node.remove("threads");
        return node;
    }

    /** The boxes' own codes and the codes to cluster: the same array unless the codes are averaged over flips. */
    private record Encoded(float[][] own, float[][] clustered) {
    }

    private Encoded encode(TrainedAutoencoder ae, List<Volume> boxes, RunLayout run, RunManifest manifest,
                               ProgressListener progress) throws IOException {
        boolean flips = options.codeAveraging() == CodeAveraging.FLIPS;
        ObjectNode params = RunManifest.newParameters();
        params.put("subvolumes", boxes.size());
        params.put(CODE_AVERAGING, options.codeAveraging().name());
        if (manifest.isDone(Stage.ENCODE, params)) {
            float[][] codes = MatrixCsv.read(run.codes());
            return new Encoded(codes, flips ? MatrixCsv.read(run.flipAveragedCodes()) : codes);
        }
        manifest.invalidateFrom(Stage.ENCODE);
        progress.onProgress("encoding", 0, boxes.size());
        float[][] codes = ae.encode(boxes);
        float[][] clustered = flips ? ae.encode(boxes, CodeAveraging.FLIPS) : codes;
        progress.onProgress("encoding", boxes.size(), boxes.size());
        MatrixCsv.write(run.codes(), codes);
        if (flips) {
            MatrixCsv.write(run.flipAveragedCodes(), clustered);
        } else {
            Files.deleteIfExists(run.flipAveragedCodes());
        }
        manifest.markDone(Stage.ENCODE, params,
                flips ? List.of(RunLayout.CODES, RunLayout.FLIP_AVERAGED_CODES) : List.of(RunLayout.CODES));
        return new Encoded(codes, clustered);
    }

    private ClusterModel cluster(float[][] codes, RunLayout run, RunManifest manifest, ProgressListener progress)
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
        ClusterModel model = KMeansClusterer.withK(options.k()).withSeed(options.seed())
                .withRestarts(options.restarts()).fit(codes, progress);
        Files.createDirectories(run.clusters());
        MatrixCsv.write(run.centroids(), model.centroids());
        MatrixCsv.writeColumn(run.assignments(), model.assignments());
        manifest.markDone(Stage.CLUSTER, params, List.of(RunLayout.CENTROIDS, RunLayout.ASSIGNMENTS));
        return model;
    }

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
