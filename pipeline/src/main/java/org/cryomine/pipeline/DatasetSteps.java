package org.cryomine.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.pose.PoseNormalizer;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.particles.ParticleLists;
import org.cryomine.io.run.RunLock;
import org.cryomine.nn.CodeAveraging;
import org.cryomine.nn.TrainedAutoencoder;

/**
 * The steps of a dataset run ({@link MiningPipeline#run(Dataset, Path, PipelineListener)}) one at a time, for a
 * runner that spreads the per-tomogram steps over machines (the {@code spark} module): the static steps work on one
 * tomogram and touch no run folder (they run where the tomogram is); an opened instance holds the run folder's lock
 * and writes what the single-machine run writes, in the same form. Each step is the single-machine run's own code,
 * so the same settings and seeds give the same picks, network, codes and clusters.
 *
 * <p>Order: {@link #pick} every tomogram, {@link #recordPicks}; {@link #requireEnoughPicks}; cut the boxes of
 * {@link #sampleIndices} ({@link #boxes}) and {@link #train} on them, in that order; {@link #encode} every
 * tomogram's boxes with the saved network ({@link #modelDir()}), {@link #recordCodes}; {@link #finish}.
 */
public final class DatasetSteps implements AutoCloseable {

    private final MiningPipeline pipeline;
    private final DatasetMining mining;
    private final Dataset dataset;
    private final RunLayout run;
    private final RunManifest manifest;
    private final RunLock lock;

    private DatasetSteps(MiningPipeline pipeline, Dataset dataset, Path runDir, RunLock lock) throws IOException {
        this.pipeline = pipeline;
        this.mining = new DatasetMining(pipeline, TomogramAccess.defaultRegionMemory(), false);
        this.dataset = dataset;
        this.run = new RunLayout(runDir);
        this.lock = lock;
        MiningPipeline.removeStaleTemporaries(runDir);
        this.manifest = RunManifest.openOrCreate(runDir);
        manifest.recordRecipe(pipeline.settings().recipe());
        manifest.recordDataset(dataset);
    }

    /**
     * Opens (or creates) the run folder {@code runDir} for {@code dataset}, taking its lock until {@link #close()}.
     *
     * @throws org.cryomine.core.CryomineException when another process holds the run, or the folder holds other
     *                                             files and is not a run
     */
    public static DatasetSteps open(MiningSettings settings, Dataset dataset, Path runDir) throws IOException {
        MiningPipeline pipeline = MiningPipeline.of(settings);
        pipeline.requireRunFolder(runDir);
        Files.createDirectories(runDir);
        RunLock lock = RunLock.acquire(runDir, "cryomine mine (" + dataset.size() + " tomograms, distributed)");
        try {
            return new DatasetSteps(pipeline, dataset, runDir, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * The DoG picks (and grid boxes) of one tomogram, read by region as a dataset run reads it (slabs of about
     * {@code regionMemory} bytes).
     *
     * @param scratchDir folder for scratch files (none is left)
     * @throws org.cryomine.core.CryomineException when nothing is picked
     */
    public static PickTable pick(MiningSettings settings, FileRegionSource tomogram, Path scratchDir, long regionMemory,
                                 ProgressListener progress) throws IOException {
        try (TomogramInput input = TomogramInput.byRegion(tomogram, scratchDir, regionMemory)) {
            return MiningPipeline.of(settings).findPicks(input, progress);
        }
    }

    /**
     * The boxes around {@code centres} (from the tomogram standardized and pose-normalized when the settings say so),
     * cut as a dataset run cuts them into a scratch file in {@code scratchDir}; close the store to free it.
     */
    public static BoxStore boxes(MiningSettings settings, FileRegionSource tomogram, List<int[]> centres,
                                 Path scratchDir, long regionMemory, ProgressListener progress) throws IOException {
        PoseNormalizer pose = settings.poseNormalize()
                ? PoseNormalizer.withDefaults().withContrast(settings.picker().contrast()) : null;
        return BoxStore.extract(TomogramInput.boxSource(tomogram, settings.standardizeTomograms()), centres,
                settings.boxSize(), pose, scratchDir, regionMemory, progress);
    }

    /**
     * Which boxes the network trains on, as a dataset run draws them: for each tomogram (with {@code counts[t]}
     * boxes) the indices of its chosen boxes, ascending; the training sample is these boxes in tomogram order.
     */
    public static int[][] sampleIndices(MiningSettings settings, int[] counts) {
        return DatasetMining.sampleIndices(counts, settings.maxTrainingBoxes(), settings.seed());
    }

    /** The boxes' own codes and those k-means clusters (see {@link MiningSettings#codeAveraging()}). */
    public static MiningPipeline.Encoded encode(MiningSettings settings, TrainedAutoencoder autoencoder,
                                                List<Volume> boxes, ProgressListener progress) {
        return MiningPipeline.of(settings).encodeBoxes(autoencoder, boxes, progress);
    }

    /** Fails, before training, when the dataset has fewer picks than clusters. */
    public void requireEnoughPicks(int picks) {
        pipeline.requireEnoughPicks(picks, dataset.size());
    }

    /** Writes tomogram {@code name}'s {@code tomograms/NAME/picks.star} and records its picking as done. */
    public void recordPicks(String name, PickTable picks, ParticleLists.Geometry geometry) throws IOException {
        Path dir = DatasetMining.tomogramDir(run.root(), name);
        Files.createDirectories(dir);
        String file = RunLayout.TOMOGRAMS + "/" + name + "/" + RunLayout.PICKS;
        PickTable.write(run.root().resolve(file), picks.centres(), picks.scores(), null, name,
                Map.of(name, geometry));
        manifest.markDone(name, MiningPipeline.Stage.PICK, pipeline.pickParameters(), List.of(file));
    }

    /**
     * Trains the network on {@code sample} (drawn from {@code total} boxes) as a dataset run does, saving it in
     * {@link #modelDir()}; reuses a network trained with the same settings. The caller closes it.
     */
    public TrainedAutoencoder train(List<Volume> sample, int total, PipelineListener listener) throws IOException {
        return mining.trainOn(sample, total, run, manifest, listener);
    }

    /** The folder of the saved network ({@code model/}). */
    public Path modelDir() {
        return run.model();
    }

    /** Writes tomogram {@code name}'s {@code tomograms/NAME/codes.csv} and records its encoding as done. */
    public void recordCodes(String name, MiningPipeline.Encoded encoded) throws IOException {
        boolean flips = pipeline.settings().codeAveraging() == CodeAveraging.FLIPS;
        String codes = RunLayout.TOMOGRAMS + "/" + name + "/" + RunLayout.CODES;
        String averaged = RunLayout.TOMOGRAMS + "/" + name + "/" + RunLayout.FLIP_AVERAGED_CODES;
        String[] names = new String[encoded.own().length];
        java.util.Arrays.fill(names, name);
        MatrixCsv.writeCodes(run.root().resolve(codes), encoded.own(), names);
        if (flips) {
            MatrixCsv.writeCodes(run.root().resolve(averaged), encoded.clustered(), names);
        }
        ObjectNode params = RunManifest.newParameters();
        params.put("subvolumes", encoded.own().length);
        params.put(MiningPipeline.CODE_AVERAGING, pipeline.settings().codeAveraging().name());
        params.put("model", manifest.finished(MiningPipeline.Stage.TRAIN).orElse(""));
        manifest.markDone(name, MiningPipeline.Stage.ENCODE, params, flips ? List.of(codes, averaged) : List.of(codes));
    }

    /**
     * Clusters every code and writes the run's {@code picks.star}, {@code codes.csv}, {@code clusters/} and
     * {@code report.html}, as a dataset run does; lists are in dataset order.
     *
     * @param geometries each tomogram's size and voxel size (for RELION 5's centred coordinates; see
     *                   {@link ParticleLists.Geometry#of})
     * @param boxes   where the report's member averages and pictures come from
     */
    public MiningPipeline.Result finish(List<ParticleLists.Geometry> geometries, List<PickTable> picks,
                                        List<MiningPipeline.Encoded> encoded, TrainedAutoencoder autoencoder,
                                        ReportBoxes boxes, PipelineListener listener) throws IOException {
        Objects.requireNonNull(boxes, "boxes");
        return mining.finish(dataset, geometries, picks, boxes, encoded, autoencoder, run, manifest, listener);
    }

    /** Releases the run folder's lock. */
    @Override
    public void close() {
        lock.close();
    }
}
