package org.cryomine.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.cryomine.cluster.ClusterModel;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Volume;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
import org.cryomine.io.particles.ParticleLists;
import org.cryomine.io.run.RunLock;
import org.cryomine.nn.CodeAveraging;
import org.cryomine.nn.TrainedAutoencoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mining a dataset of several tomograms into one run ({@link MiningPipeline#run(Dataset, Path, PipelineListener)}):
 * each tomogram is read by region and picked, its boxes cut (from the tomogram standardized to median 0 and spread
 * 1, when {@link MiningSettings#standardizeTomograms()}) into a scratch file in the run folder
 * ({@code tomograms/NAME/}); one autoencoder trains on a seeded sample drawn evenly from all tomograms (at most
 * {@link MiningSettings#maxTrainingBoxes()} boxes); every box is encoded, tomogram by tomogram; one k-means
 * codebook clusters all codes. Memory is one slab plus the network, whatever the number of tomograms.
 *
 * <p>Resumable per tomogram: each tomogram's picks and codes are stages of their own in the manifest
 * ({@code tomograms/NAME/picks.star}, {@code codes.csv}); a rerun repicks only tomograms whose file or picker
 * changed, and a tomogram added to the dataset is picked and encoded with the trained network, which is retrained
 * only when its settings changed or when asked ({@code retrain}). The run's top-level {@code picks.star} (with
 * {@code rlnTomoName}), {@code codes.csv} and {@code clusters/} hold all tomograms' picks in dataset order.
 */
final class DatasetMining {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetMining.class);
    /**
     * The train stage's parameter saying whether the boxes were cut from standardized tomograms
     * ({@link MiningSettings#standardizeTomograms()}), which training a segmentation model repeats.
     */
    static final String STANDARDIZED = "standardizedTomograms";
    /** Largest relative difference of voxel sizes mined together. */
    private static final double VOXEL_SIZE_TOLERANCE = 0.01;

    private final MiningPipeline pipeline;
    private final MiningSettings options;
    private final long regionMemory;
    private final boolean retrain;

    DatasetMining(MiningPipeline pipeline, long regionMemory, boolean retrain) {
        this.pipeline = pipeline;
        this.options = pipeline.settings();
        this.regionMemory = regionMemory;
        this.retrain = retrain;
    }

    MiningPipeline.Result run(Dataset dataset, Path runDir, PipelineListener listener) throws IOException {
        List<VolumeHeader> headers = checkInputs(dataset);
        try (RunLock lock = RunLock.acquire(runDir, "cryomine mine (" + dataset.size() + " tomograms)")) {
            MiningPipeline.removeStaleTemporaries(runDir);
            return runLocked(dataset, headers, runDir, listener);
        }
    }

    private MiningPipeline.Result runLocked(Dataset dataset, List<VolumeHeader> headers, Path runDir,
                                            PipelineListener listener) throws IOException {
        RunLayout run = new RunLayout(runDir);
        RunManifest manifest = RunManifest.openOrCreate(runDir);
        manifest.recordRecipe(options.recipe());
        manifest.recordDataset(dataset);
        List<TomogramInput> inputs = new ArrayList<>();
        try {
            List<PickTable> picks = new ArrayList<>();
            for (int t = 0; t < dataset.size(); t++) {
                Dataset.Tomogram tomo = dataset.tomograms().get(t);
                listener.checkCancelled();
                Path dir = tomogramDir(runDir, tomo.name());
                Files.createDirectories(dir);
                FileRegionSource file = FileRegionSource.open(tomo.path());
                inputs.add(TomogramInput.byRegion(file, TomogramInput.boxSource(file, options.standardizeTomograms()), dir,
                        regionMemory));
                picks.add(pick(tomo, headers.get(t), inputs.get(t), run, manifest, listener));
                listener.onProgress("tomograms picked", t + 1, dataset.size());
            }
            pipeline.requireEnoughPicks(picks.stream().mapToInt(p -> p.centres().size()).sum(), dataset.size());
            List<List<Volume>> boxes = new ArrayList<>();
            for (int t = 0; t < dataset.size(); t++) {
                boxes.add(inputs.get(t).boxes(picks.get(t).centres(), options.boxSize(), options.poseNormalize(),
                        options.picker().contrast(), listener));
            }
            try (TrainedAutoencoder ae = train(boxes, run, manifest, listener)) {
                String trained = manifest.finished(MiningPipeline.Stage.TRAIN).orElse("");
                List<MiningPipeline.Encoded> encoded = new ArrayList<>();
                for (int t = 0; t < dataset.size(); t++) {
                    encoded.add(encode(dataset.tomograms().get(t).name(), ae, boxes.get(t), trained, run, manifest,
                            listener));
                    listener.onProgress("tomograms encoded", t + 1, dataset.size());
                }
                return finish(dataset, headers.stream().map(ParticleLists.Geometry::of).toList(), picks,
                        ReportBoxes.of(concat(boxes)), encoded, ae, run, manifest, listener);
            }
        } finally {
            for (TomogramInput input : inputs) {
                input.close();
            }
        }
    }

    /**
     * Clusters every code, writes the combined tables and the report (the report's member averages and pictures
     * from {@code boxes}).
     */
    MiningPipeline.Result finish(Dataset dataset, List<ParticleLists.Geometry> geometries, List<PickTable> picks,
                                 ReportBoxes boxes, List<MiningPipeline.Encoded> encoded, TrainedAutoencoder ae,
                                 RunLayout run, RunManifest manifest, PipelineListener listener) throws IOException {
        List<int[]> centres = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<float[]> own = new ArrayList<>();
        List<float[]> clustered = new ArrayList<>();
        for (int t = 0; t < dataset.size(); t++) {
            PickTable p = picks.get(t);
            centres.addAll(p.centres());
            for (double s : p.scores()) {
                scores.add(s);
                names.add(dataset.tomograms().get(t).name());
            }
            own.addAll(List.of(encoded.get(t).own()));
            clustered.addAll(List.of(encoded.get(t).clustered()));
        }
        float[][] codes = own.toArray(float[][]::new);
        CodeHealth.check(codes, options.autoencoder().linearCode());
        boolean flips = options.codeAveraging() == CodeAveraging.FLIPS;
        float[][] clusteredCodes = flips ? clustered.toArray(float[][]::new) : codes;
        manifest.invalidateFrom(MiningPipeline.Stage.ENCODE);
        String[] nameArray = names.toArray(String[]::new);
        MatrixCsv.writeCodes(run.codes(), codes, nameArray);
        if (flips) {
            MatrixCsv.writeCodes(run.flipAveragedCodes(), clusteredCodes, nameArray);
        } else {
            Files.deleteIfExists(run.flipAveragedCodes());
        }
        ObjectNode encodeParams = RunManifest.newParameters();
        encodeParams.put("subvolumes", codes.length);
        encodeParams.put(MiningPipeline.CODE_AVERAGING, options.codeAveraging().name());
        manifest.markDone(MiningPipeline.Stage.ENCODE, encodeParams,
                flips ? List.of(RunLayout.CODES, RunLayout.FLIP_AVERAGED_CODES) : List.of(RunLayout.CODES));
        ClusterModel clusters = pipeline.cluster(clusteredCodes, run, manifest, listener);
        double[] scoreArray = scores.stream().mapToDouble(Double::doubleValue).toArray();
        java.util.Map<String, org.cryomine.io.particles.ParticleLists.Geometry> geometry = new java.util.HashMap<>();
        for (int t = 0; t < dataset.size(); t++) {
            geometry.put(dataset.tomograms().get(t).name(), geometries.get(t));
        }
        PickTable.write(run.picks(), centres, scoreArray, clusters.assignments(), nameArray, geometry);
        manifest.invalidateFrom(MiningPipeline.Stage.REPORT);
        new ClusterReportWriter(run, ae, options.seed()).write(boxes, codes, clusteredCodes, clusters, nameArray,
                new ClusterReportWriter.OverviewSource(
                        dataset.tomograms().stream().map(Dataset.Tomogram::path).toList(), dataset.names(), centres,
                        nameArray), listener);
        ObjectNode reportParams = RunManifest.newParameters();
        reportParams.put("k", options.k());
        manifest.markDone(MiningPipeline.Stage.REPORT, reportParams, List.of(RunLayout.REPORT));
        LOG.info("{} tomograms, {} subvolumes in {} clusters", dataset.size(), codes.length, clusters.k());
        return new MiningPipeline.Result(null, centres, codes, clusteredCodes, clusters.assignments(),
                clusters.centroids());
    }

    /**
     * Reads every header before any work: each must be readable and at least one box in every direction, and all
     * voxel sizes must agree within 1%.
     */
    private List<VolumeHeader> checkInputs(Dataset dataset) {
        List<VolumeHeader> headers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int b = options.boxSize();
        for (Dataset.Tomogram t : dataset.tomograms()) {
            try {
                VolumeHeader h = Volumes.readHeader(t.path());
                headers.add(h);
                if (h.nx() < b || h.ny() < b || h.nz() < b) {
                    problems.add(t.name() + " (" + h.nx() + "x" + h.ny() + "x" + h.nz() + ") is smaller than the " + b
                            + "^3 box");
                }
            } catch (RuntimeException e) {
                problems.add(t.name() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new CryomineException("cannot mine the dataset: " + String.join("; ", problems));
        }
        double first = headers.get(0).voxelSizeOrDefault().x();
        for (int i = 1; i < headers.size(); i++) {
            double v = headers.get(i).voxelSizeOrDefault().x();
            if (Math.abs(v - first) > VOXEL_SIZE_TOLERANCE * first) {
                throw new CryomineException(String.format(Locale.ROOT, "the tomograms have different voxel sizes (%s: "
                        + "%.3f Å, %s: %.3f Å); the boxes would hold objects at different scales. Bring them to one "
                        + "voxel size first (e.g. IMOD's binvol or squeezevol) or mine them in separate runs",
                        dataset.tomograms().get(0).name(), first, dataset.tomograms().get(i).name(), v));
            }
        }
        if (dataset.size() > 1 && !pipeline.allowsMixedContrast()) {
            ContrastCheck.requireOneConvention(dataset);
        }
        return headers;
    }

    private PickTable pick(Dataset.Tomogram tomo, VolumeHeader header, TomogramInput input, RunLayout run,
                           RunManifest manifest, PipelineListener listener) throws IOException {
        String role = "tomogram/" + tomo.name();
        String checksum = RunManifest.sha256(tomo.path());
        if (!manifest.inputChecksum(role).equals(Optional.of(checksum))) {
            manifest.forget(tomo.name(), MiningPipeline.Stage.PICK, MiningPipeline.Stage.ENCODE);
            manifest.recordInput(role, tomo.path());
        }
        ObjectNode params = pipeline.pickParameters();
        String file = relative(tomo.name(), RunLayout.PICKS);
        if (manifest.isDone(tomo.name(), MiningPipeline.Stage.PICK, params)) {
            LOG.info("reusing the picks of {}", tomo.name());
            return PickTable.read(run.root().resolve(file));
        }
        manifest.forget(tomo.name(), MiningPipeline.Stage.ENCODE);
        PickTable picks = pipeline.findPicks(input, listener);
        PickTable.write(run.root().resolve(file), picks.centres(), picks.scores(), null, tomo.name(),
                java.util.Map.of(tomo.name(), ParticleLists.Geometry.of(header)));
        manifest.markDone(tomo.name(), MiningPipeline.Stage.PICK, params, List.of(file));
        return picks;
    }

    /** The trained network: reused unless its settings changed or a retraining was asked for. */
    private TrainedAutoencoder train(List<List<Volume>> boxes, RunLayout run, RunManifest manifest,
                                     PipelineListener listener) throws IOException {
        List<Volume> sample = sample(boxes, options.maxTrainingBoxes(), options.seed());
        return trainOn(sample, boxes.stream().mapToInt(List::size).sum(), run, manifest, listener);
    }

    /** Trains (or reuses) the network on {@code sample}, drawn from {@code total} boxes. */
    TrainedAutoencoder trainOn(List<Volume> sample, int total, RunLayout run, RunManifest manifest,
                               PipelineListener listener) throws IOException {
        ObjectNode params = pipeline.trainParameters();
        params.put("maxTrainingBoxes", options.maxTrainingBoxes());
        params.put("picker", options.picker().toString());
        params.put(STANDARDIZED, options.standardizeTomograms());
        if (retrain) {
            manifest.invalidateFrom(MiningPipeline.Stage.TRAIN);
        }
        LOG.info("training on {} of {} boxes", sample.size(), total);
        return pipeline.train(sample, run, manifest, params, listener);
    }

    /**
     * At most {@code cap} boxes drawn evenly from the tomograms: each gets an equal share (tomograms with fewer boxes
     * give all of theirs, and the rest is shared among the others), chosen by a seeded shuffle; in dataset order.
     */
    static List<Volume> sample(List<List<Volume>> boxes, int cap, long seed) {
        int[] counts = boxes.stream().mapToInt(List::size).toArray();
        int[][] chosen = sampleIndices(counts, cap, seed);
        List<Volume> out = new ArrayList<>();
        for (int t = 0; t < chosen.length; t++) {
            for (int i : chosen[t]) {
                out.add(boxes.get(t).get(i));
            }
        }
        return out;
    }

    /**
     * The indices of the boxes {@link #sample} draws from tomograms with {@code counts[t]} boxes each: for every
     * tomogram its chosen box indices, ascending (so the sample is these boxes in tomogram order, then index order).
     */
    static int[][] sampleIndices(int[] counts, int cap, long seed) {
        int n = counts.length;
        int[] take = new int[n];
        int left = cap;
        List<Integer> open = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            open.add(t);
        }
        while (left > 0 && !open.isEmpty()) {
            int share = Math.max(1, left / open.size());
            List<Integer> still = new ArrayList<>();
            for (int t : open) {
                int give = Math.min(Math.min(share, counts[t] - take[t]), left);
                take[t] += give;
                left -= give;
                if (take[t] < counts[t]) {
                    still.add(t);
                }
            }
            open = still;
        }
        int[][] out = new int[n][];
        for (int t = 0; t < n; t++) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < counts[t]; i++) {
                idx.add(i);
            }
            java.util.Collections.shuffle(idx, new java.util.Random(seed * 31 + t));
            out[t] = idx.subList(0, take[t]).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return out;
    }

    private MiningPipeline.Encoded encode(String name, TrainedAutoencoder ae, List<Volume> boxes, String trained,
                                          RunLayout run, RunManifest manifest, PipelineListener listener)
            throws IOException {
        boolean flips = options.codeAveraging() == CodeAveraging.FLIPS;
        ObjectNode params = RunManifest.newParameters();
        params.put("subvolumes", boxes.size());
        params.put(MiningPipeline.CODE_AVERAGING, options.codeAveraging().name());
        params.put("model", trained);
        String codes = relative(name, RunLayout.CODES);
        String averaged = relative(name, RunLayout.FLIP_AVERAGED_CODES);
        if (manifest.isDone(name, MiningPipeline.Stage.ENCODE, params)) {
            float[][] own = MatrixCsv.read(run.root().resolve(codes));
            return new MiningPipeline.Encoded(own, flips ? MatrixCsv.read(run.root().resolve(averaged)) : own);
        }
        MiningPipeline.Encoded encoded = pipeline.encodeBoxes(ae, boxes, listener);
        String[] names = new String[boxes.size()];
        java.util.Arrays.fill(names, name);
        MatrixCsv.writeCodes(run.root().resolve(codes), encoded.own(), names);
        if (flips) {
            MatrixCsv.writeCodes(run.root().resolve(averaged), encoded.clustered(), names);
        }
        manifest.markDone(name, MiningPipeline.Stage.ENCODE, params, flips ? List.of(codes, averaged) : List.of(codes));
        return encoded;
    }

    /** The folder of one tomogram's files in the run. */
    static Path tomogramDir(Path runDir, String name) {
        return runDir.resolve(RunLayout.TOMOGRAMS).resolve(name);
    }

    private static String relative(String name, String file) {
        return RunLayout.TOMOGRAMS + "/" + name + "/" + file;
    }

    static List<Volume> concat(List<List<Volume>> lists) {
        int[] starts = new int[lists.size() + 1];
        for (int t = 0; t < lists.size(); t++) {
            starts[t + 1] = starts[t] + lists.get(t).size();
        }
        return new AbstractList<>() {
            @Override
            public Volume get(int index) {
                java.util.Objects.checkIndex(index, size());
                int lo = 0;
                int hi = lists.size() - 1;
                while (lo < hi) { // the last list that starts at or before index: it holds index
                    int mid = (lo + hi + 1) >>> 1;
                    if (starts[mid] <= index) {
                        lo = mid;
                    } else {
                        hi = mid - 1;
                    }
                }
                return lists.get(lo).get(index - starts[lo]);
            }

            @Override
            public int size() {
                return starts[lists.size()];
            }
        };
    }
}
