package org.cryomine.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.core.simulate.TomogramSimulator;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.cryomine.pipeline.Dataset;
import org.cryomine.pipeline.MiningPipeline;
import org.cryomine.pipeline.MiningSettings;
import org.cryomine.pipeline.PipelineListener;

/**
 * N simulated tomograms mined as one dataset, in one JVM: the pipeline module (MiningPipeline.run(Dataset)) and then
 * the Spark job on local[CORES], on the same cores, after a warm-up of both on two small tomograms. Prints both wall
 * times, their ratio, the Spark stages and whether the results agree. Run by benchmarks/spark-vs-pipeline.sh.
 *
 * <p>Arguments: OUT N NX,NY,NZ EPOCHS K CORES.
 */
public final class SparkVsPipelineBenchmark {

    private SparkVsPipelineBenchmark() {
    }

    /** The benchmark's mining settings: the recommended recipe with 32^3 boxes, {@code epochs} and {@code k}. */
    record Settings(int epochs, int k) implements MiningSettingsFactory {
        @Override
        public MiningSettings create() {
            MiningSettings s = MiningSettings.recommended(32).withK(k).withSeed(7);
            return s.withAutoencoder(s.autoencoder().toBuilder().maxEpochs(epochs).build());
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int[] size = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        Settings settings = new Settings(Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        int cores = Integer.parseInt(args[5]);
        List<Path> files = simulate(out.resolve("data"), n, size, 1);
        List<Path> warm = simulate(out.resolve("warm"), 2, new int[] {96, 96, 64}, 100);
        SparkSession spark = SparkSession.builder().appName("cryomine spark-vs-pipeline").master("local[" + cores + "]")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        Settings warmSettings = new Settings(1, 4);
        MiningPipeline.of(warmSettings.create()).run(Dataset.of(warm), out.resolve("warm-pipeline"), PipelineListener.NONE);
        SparkDatasetMining.of(SparkMiningSettings.of(warmSettings)).run(spark, TomogramRef.of(warm),
                out.resolve("warm-spark"), PipelineListener.NONE);

        long t0 = System.nanoTime();
        MiningPipeline.Result single = MiningPipeline.of(settings.create()).run(Dataset.of(files),
                out.resolve("run-pipeline"), PipelineListener.NONE);
        double pipelineS = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        SparkDatasetMining.Result distributed = SparkDatasetMining.of(SparkMiningSettings.of(settings))
                .run(spark, TomogramRef.of(files), out.resolve("run-spark"), PipelineListener.NONE);
        double sparkS = (System.nanoTime() - t0) / 1e9;
        spark.stop();

        boolean samePicks = single.centres().size() == distributed.mined().centres().size();
        for (int i = 0; samePicks && i < single.centres().size(); i++) {
            samePicks = Arrays.equals(single.centres().get(i), distributed.mined().centres().get(i));
        }
        double maxCodeDiff = 0;
        for (int i = 0; samePicks && i < single.codes().length; i++) {
            for (int j = 0; j < single.codes()[i].length; j++) {
                maxCodeDiff = Math.max(maxCodeDiff, Math.abs(single.codes()[i][j] - distributed.mined().codes()[i][j]));
            }
        }
        boolean sameClusters = Arrays.equals(single.assignments(), distributed.mined().assignments());
        System.out.printf(Locale.ROOT, "tomograms %d size %s epochs %d k %d cores %d subvolumes %d%n", n, args[2],
                settings.epochs(), settings.k(), cores, single.codes().length);
        System.out.printf(Locale.ROOT, "pipeline (one JVM): %.1f s%n", pipelineS);
        System.out.printf(Locale.ROOT, "spark local[%d]:     %.1f s  (ratio %.2f)  stages ms %s%n", cores, sparkS,
                sparkS / pipelineS, distributed.stageMillis());
        System.out.printf(Locale.ROOT, "same picks %s, same clusters %s, largest code difference %.3g%n", samePicks,
                sameClusters, maxCodeDiff);
    }

    private static List<Path> simulate(Path folder, int n, int[] size, long firstSeed) throws Exception {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Volume v = TomogramSimulator.builder().size(size[0], size[1], size[2]).seed(firstSeed + i).build().simulate()
                    .tomogram().withVoxelSize(VoxelSize.isotropic(10));
            Path f = folder.resolve(String.format(Locale.ROOT, "T%02d.mrc", i + 1));
            Volumes.write(v, f, WriteOptions.defaults());
            files.add(f);
        }
        return files;
    }
}
