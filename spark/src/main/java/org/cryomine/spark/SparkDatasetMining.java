package org.cryomine.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.io.particles.ParticleLists;
import org.cryomine.nn.TrainedAutoencoder;
import org.cryomine.pipeline.ContrastCheck;
import org.cryomine.pipeline.DatasetSteps;
import org.cryomine.pipeline.MiningPipeline;
import org.cryomine.pipeline.MiningSettings;
import org.cryomine.pipeline.PickTable;
import org.cryomine.pipeline.PipelineListener;
import org.cryomine.pipeline.ReportBoxes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dataset mining run ({@link MiningPipeline#run(org.cryomine.pipeline.Dataset, Path, PipelineListener)}) on
 * Apache Spark: picking and box extraction, encoding and the report's box averages run on executors with one
 * partition per tomogram; the network trains on the driver on the same seeded even sample of boxes, and k-means
 * clusters every code on the driver ({@code KMeansClusterer}; MLlib's k-means was 5-8 times slower on these codes).
 * With the same settings and seeds it gives the single-machine run's picks, codes (to float rounding) and clusters.
 *
 * <p>The run folder (on the driver) gets what the single-machine dataset run writes: {@code picks.star},
 * {@code codes.csv}, {@code tomograms/NAME/}, {@code model/}, {@code clusters/}, {@code report.html},
 * {@code manifest.json}; plus {@code picks.parquet} and {@code codes.parquet} (see
 * {@link SparkMiningSettings#parquetDir()}). A tomogram that cannot be picked (an unreadable file, too small, no
 * picks) is logged with its name and left out, and the job goes on with the rest ({@link Result#failures()}), unless
 * {@link SparkMiningSettings#stopOnFailure()}. Tasks write only executor-local scratch files (removed as they end),
 * so a retried task leaves no partial output; the driver writes every output under a temporary name and renames it,
 * and Parquet goes through Spark's output committer.
 *
 * <p>Tomograms are read four times (picking, the training sample, encoding, the report's averages): box
 * extraction reads only the slabs around the picks; a tomogram at a Hadoop URI is copied to executor-local scratch
 * for each pass.
 */
public final class SparkDatasetMining {

    private static final Logger LOG = LoggerFactory.getLogger(SparkDatasetMining.class);
    private static final double VOXEL_SIZE_TOLERANCE = 0.01;

    private final SparkMiningSettings settings;

    private SparkDatasetMining(SparkMiningSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** A job with {@code settings}. */
    public static SparkDatasetMining of(SparkMiningSettings settings) {
        return new SparkDatasetMining(settings);
    }

    /** The settings. */
    public SparkMiningSettings settings() {
        return settings;
    }

    /** A tomogram left out of the run, and why. */
    public record Failure(String name, String uri, String message) {
    }

    /**
     * A finished run.
     *
     * @param mined     picks, codes and clusters of the mined tomograms, in list order
     * @param names     names of the tomograms mined, in order
     * @param failures  tomograms left out
     * @param stageMillis wall time of each stage in ms, in order
     */
    public record Result(MiningPipeline.Result mined, List<String> names, List<Failure> failures,
                         Map<String, Long> stageMillis) {
    }

    /**
     * Mines {@code tomograms} into {@code runDir} (created when absent; a run folder of an earlier run is resumed as
     * the single-machine run resumes: an unchanged network is reused).
     *
     * @throws CryomineException when every tomogram failed, one failed and {@link SparkMiningSettings#stopOnFailure()},
     *                           voxel sizes differ, or there are fewer picks than clusters
     */
    public Result run(SparkSession spark, List<TomogramRef> tomograms, Path runDir, PipelineListener listener)
            throws IOException {
        TomogramRef.requireUnique(tomograms, "the tomogram list");
        MiningSettings mining = settings.miningSettings();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TomogramTasks.Context ctx = new TomogramTasks.Context(settings.mining(), settings.regionMemory(),
                settings.scratchDir(), new HadoopFiles.Conf(jsc.hadoopConfiguration()));
        Map<String, Long> millis = new LinkedHashMap<>();
        long t0 = System.nanoTime();

        jsc.setJobDescription("cryomine: pick " + tomograms.size() + " tomograms");
        List<TomogramTasks.Picked> picked = jsc.parallelize(tomograms, tomograms.size())
                .mapPartitions(it -> TomogramTasks.pick(it, ctx)).collect();
        t0 = lap(millis, "pick", t0);
        List<Failure> failures = new ArrayList<>();
        List<TomogramRef> ok = new ArrayList<>();
        List<TomogramTasks.Picked> okPicks = new ArrayList<>();
        for (int i = 0; i < picked.size(); i++) {
            TomogramTasks.Picked p = picked.get(i);
            if (p.error() != null) {
                failures.add(new Failure(p.name(), tomograms.get(i).uri(), p.error()));
            } else {
                ok.add(tomograms.get(i));
                okPicks.add(p);
            }
        }
        if (!failures.isEmpty() && (settings.stopOnFailure() || ok.isEmpty())) {
            throw new CryomineException((ok.isEmpty() ? "every tomogram failed: " : "stopped: ") + describe(failures));
        }
        for (Failure f : failures) {
            LOG.warn("left out tomogram {} ({}): {}", f.name(), f.uri(), f.message());
        }
        requireOneVoxelSize(okPicks);
        if (!settings.mixedContrast() && okPicks.size() > 1) {
            java.util.Map<String, Double> skewness = new java.util.LinkedHashMap<>();
            okPicks.forEach(p -> skewness.put(p.name(), p.skewness()));
            ContrastCheck.requireOneConvention(skewness);
        }

        try (DatasetSteps steps = DatasetSteps.open(mining, TomogramRef.toDataset(ok), runDir)) {
            List<ParticleLists.Geometry> geometries = new ArrayList<>();
            List<PickTable> tables = new ArrayList<>();
            int[] counts = new int[ok.size()];
            for (int t = 0; t < ok.size(); t++) {
                TomogramTasks.Picked p = okPicks.get(t);
                geometries.add(new ParticleLists.Geometry(p.nx(), p.ny(), p.nz(), new VoxelSize(p.vx(), p.vy(), p.vz())));
                tables.add(p.table());
                counts[t] = p.count();
                steps.recordPicks(p.name(), tables.get(t), geometries.get(t));
            }
            int total = java.util.Arrays.stream(counts).sum();
            steps.requireEnoughPicks(total);

            int[][] chosen = DatasetSteps.sampleIndices(mining, counts);
            List<TomogramTasks.Work> sampleWork = new ArrayList<>();
            for (int t = 0; t < ok.size(); t++) {
                if (chosen[t].length > 0) {
                    sampleWork.add(work(ok.get(t), okPicks.get(t), chosen[t], null, 0, new int[0]));
                }
            }
            jsc.setJobDescription("cryomine: cut the training sample");
            List<Volume> sample = jsc.parallelize(sampleWork, sampleWork.size())
                    .mapPartitions(it -> TomogramTasks.boxes(it, ctx)).collect()
                    .stream().map(TomogramTasks.Box::volume).toList();
            t0 = lap(millis, "sample", t0);
            try (TrainedAutoencoder ae = steps.train(sample, total, listener)) {
                t0 = lap(millis, "train", t0);
                Broadcast<byte[]> model = jsc.broadcast(HadoopFiles.zip(steps.modelDir()));
                List<TomogramTasks.Work> all = new ArrayList<>();
                for (int t = 0; t < ok.size(); t++) {
                    all.add(work(ok.get(t), okPicks.get(t), null, null, 0, new int[0]));
                }
                jsc.setJobDescription("cryomine: encode " + ok.size() + " tomograms");
                List<TomogramTasks.Encoded> encodedParts = jsc.parallelize(all, all.size())
                        .mapPartitions(it -> TomogramTasks.encode(it, ctx, model)).collect();
                List<MiningPipeline.Encoded> encoded = new ArrayList<>();
                for (TomogramTasks.Encoded e : encodedParts) {
                    MiningPipeline.Encoded m = new MiningPipeline.Encoded(e.own(),
                            e.clustered() == null ? e.own() : e.clustered());
                    encoded.add(m);
                    steps.recordCodes(e.name(), m);
                }
                model.destroy();
                t0 = lap(millis, "encode", t0);
                long[] reportMillis = new long[1];
                ReportBoxes boxes = (assignments, k, wanted) -> {
                    long r0 = System.nanoTime();
                    ReportBoxes.Gathered g = gather(jsc, ctx, ok, okPicks, assignments, k, wanted);
                    reportMillis[0] = (System.nanoTime() - r0) / 1_000_000;
                    return g;
                };
                MiningPipeline.Result result = steps.finish(geometries, tables, encoded, ae, boxes, listener);
                millis.put("report boxes", reportMillis[0]);
                t0 = lap(millis, "cluster and report", t0);
                List<String> names = ok.stream().map(TomogramRef::name).toList();
                String parquet = settings.parquetDir() != null ? settings.parquetDir()
                        : runDir.toAbsolutePath().resolve("parquet").toUri().toString();
                writeParquet(spark, parquet, names, tables, encoded, result.assignments(), encoded.get(0).own()
                        != encoded.get(0).clustered());
                lap(millis, "parquet", t0);
                if (!failures.isEmpty()) {
                    LOG.warn("{} of {} tomograms failed and were left out: {}", failures.size(), tomograms.size(),
                            describe(failures));
                }
                LOG.info("stages (ms): {}", millis);
                return new Result(result, names, List.copyOf(failures), millis);
            }
        }
    }

    /** The report's member averages and pictured boxes, gathered in one pass over the tomograms. */
    private static ReportBoxes.Gathered gather(JavaSparkContext jsc, TomogramTasks.Context ctx, List<TomogramRef> ok,
                                               List<TomogramTasks.Picked> picks, int[] assignments, int k, int[] wanted) {
        List<TomogramTasks.Work> work = new ArrayList<>();
        int offset = 0;
        for (int t = 0; t < ok.size(); t++) {
            int n = picks.get(t).count();
            int start = offset;
            int[] mine = java.util.Arrays.stream(wanted).filter(i -> i >= start && i < start + n).toArray();
            work.add(work(ok.get(t), picks.get(t), null, java.util.Arrays.copyOfRange(assignments, start, start + n),
                    start, mine));
            offset += n;
        }
        jsc.setJobDescription("cryomine: cluster averages");
        TomogramTasks.ReportPart part = jsc.parallelize(work, work.size())
                .mapPartitions(it -> TomogramTasks.report(it, ctx, k)).reduce(TomogramTasks.ReportPart::merge);
        TomogramTasks.Picked first = picks.get(0);
        VoxelSize voxelSize = new VoxelSize(first.vx(), first.vy(), first.vz());
        int b = ctx.settings().create().boxSize();
        Volume[] averages = new Volume[k];
        for (int c = 0; c < k; c++) {
            if (part.counts()[c] == 0) {
                continue;
            }
            float[] avg = new float[part.sums()[c].length];
            for (int j = 0; j < avg.length; j++) {
                avg[j] = (float) (part.sums()[c][j] / part.counts()[c]);
            }
            averages[c] = Volume.wrap(avg, b, b, b, voxelSize, Vec3.ZERO);
        }
        Map<Integer, Volume> shown = new java.util.HashMap<>();
        part.boxes().forEach((i, box) -> shown.put(i, box.volume()));
        return new ReportBoxes.Gathered(averages, shown, voxelSize);
    }

    private static TomogramTasks.Work work(TomogramRef ref, TomogramTasks.Picked p, int[] only, int[] assignments,
                                           int offset, int[] wanted) {
        int[] centres = p.centres();
        if (only != null) {
            centres = new int[3 * only.length];
            for (int i = 0; i < only.length; i++) {
                System.arraycopy(p.centres(), 3 * only[i], centres, 3 * i, 3);
            }
        }
        return new TomogramTasks.Work(ref, centres, assignments, offset, wanted);
    }

    private static void writeParquet(SparkSession spark, String dir, List<String> names, List<PickTable> tables,
                                     List<MiningPipeline.Encoded> encoded, int[] clusters, boolean flips) {
        StructType pickSchema = new StructType()
                .add("tomogram", DataTypes.StringType, false).add("index", DataTypes.IntegerType, false)
                .add("x", DataTypes.IntegerType, false).add("y", DataTypes.IntegerType, false)
                .add("z", DataTypes.IntegerType, false).add("score", DataTypes.DoubleType, false)
                .add("cluster", DataTypes.IntegerType, false);
        StructType codeSchema = new StructType()
                .add("tomogram", DataTypes.StringType, false).add("index", DataTypes.IntegerType, false)
                .add("code", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        if (flips) {
            codeSchema = codeSchema.add("clustered_code", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        }
        List<org.apache.spark.sql.Row> picks = new ArrayList<>();
        List<org.apache.spark.sql.Row> codes = new ArrayList<>();
        int row = 0;
        for (int t = 0; t < names.size(); t++) {
            PickTable p = tables.get(t);
            for (int i = 0; i < p.centres().size(); i++, row++) {
                int[] c = p.centres().get(i);
                picks.add(RowFactory.create(names.get(t), i, c[0], c[1], c[2], p.scores()[i], clusters[row]));
                Object[] values = flips
                        ? new Object[] {names.get(t), i, boxed(encoded.get(t).own()[i]), boxed(encoded.get(t).clustered()[i])}
                        : new Object[] {names.get(t), i, boxed(encoded.get(t).own()[i])};
                codes.add(RowFactory.create(values));
            }
        }
        spark.createDataFrame(picks, pickSchema).write().mode(SaveMode.Overwrite).parquet(dir + "/picks.parquet");
        spark.createDataFrame(codes, codeSchema).write().mode(SaveMode.Overwrite).parquet(dir + "/codes.parquet");
    }

    private static Float[] boxed(float[] v) {
        Float[] out = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static void requireOneVoxelSize(List<TomogramTasks.Picked> picks) {
        double first = picks.get(0).vx();
        for (TomogramTasks.Picked p : picks) {
            if (Math.abs(p.vx() - first) > VOXEL_SIZE_TOLERANCE * first) {
                throw new CryomineException(String.format(Locale.ROOT, "the tomograms have different voxel sizes (%s: "
                        + "%.3f Å, %s: %.3f Å); the boxes would hold objects at different scales. Bring them to one "
                        + "voxel size first (e.g. IMOD's binvol or squeezevol) or mine them in separate runs",
                        picks.get(0).name(), first, p.name(), p.vx()));
            }
        }
    }

    static String describe(List<Failure> failures) {
        return String.join("; ", failures.stream().map(f -> f.name() + " (" + f.uri() + "): " + f.message()).toList());
    }

    private static long lap(Map<String, Long> millis, String stage, long since) {
        long now = System.nanoTime();
        millis.put(stage, (now - since) / 1_000_000);
        return now;
    }
}
