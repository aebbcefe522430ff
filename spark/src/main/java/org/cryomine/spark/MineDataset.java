package org.cryomine.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.cryomine.core.CryomineException;
import org.cryomine.pipeline.PipelineListener;
import org.cryomine.pipeline.Recipe;

/**
 * {@code spark-submit --class org.cryomine.spark.MineDataset APP.jar --list TOMOGRAMS.txt --out RUN [options]}:
 * mines the listed tomograms as one dataset run ({@link SparkDatasetMining}); {@code segment} as the first argument
 * runs {@link SegmentDataset} instead. Exit status 0 when every tomogram was mined, 3 when some were left out (listed
 * on stderr), 2 for bad arguments, 1 when the job failed.
 */
public final class MineDataset {

    static final String USAGE = """
            usage: MineDataset --list FILE --out RUN_FOLDER [options]
              --list FILE               tomograms, one path or URI (hdfs://, s3a://, file) per line; # comments
              --out FOLDER              the run folder (on the driver: picks.star, codes.csv, clusters/, report.html)
              --parquet URI             folder for picks.parquet and codes.parquet (default RUN_FOLDER/parquet;
                                        on a cluster give a folder every executor can write, e.g. hdfs://...)
              --recipe NAME             recommended (default) or paper
              --box N                   box edge in voxels (default 32)
              --k N                     clusters (default 100)
              --seed N                  seed (default 7)
              --max-training-boxes N    training sample size (default: the recipe's, 1500 recommended, 20000 paper)
              --grid STEP               grid boxes every STEP voxels (default 0: none)
              --max-picks N             at most N DoG picks per tomogram (default: the picker's)
              --bright                  dense matter is bright
              --region-memory-mb N      slab memory per task in MiB (default: the pipeline's)
              --scratch DIR             executor-local scratch folder (default java.io.tmpdir)
              --stop-on-failure         stop at the first tomogram that fails (default: go on, list them at the end)
              --allow-mixed-contrast    go on when tomograms seem to follow different contrast conventions
            """;

    private MineDataset() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("segment")) {
            SegmentDataset.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("MineDataset: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("cryomine mine " + o.list).getOrCreate();
        int status;
        try {
            List<TomogramRef> refs = TomogramRef.readList(o.list, spark.sparkContext().hadoopConfiguration());
            SparkDatasetMining.Result r = SparkDatasetMining.of(o.settings())
                    .run(spark, refs, Path.of(o.out), PipelineListener.NONE);
            System.out.printf(Locale.ROOT, "mined %d tomograms, %d subvolumes in %d clusters into %s; stages (ms): %s%n",
                    r.names().size(), r.mined().codes().length, r.mined().centroids().length, o.out, r.stageMillis());
            status = 0;
            if (!r.failures().isEmpty()) {
                System.err.println(r.failures().size() + " tomograms failed and were left out:");
                for (SparkDatasetMining.Failure f : r.failures()) {
                    System.err.println("  " + f.name() + " (" + f.uri() + "): " + f.message());
                }
                status = 3;
            }
        } catch (CryomineException e) {
            System.err.println("MineDataset: " + e.getMessage());
            status = 1;
        } finally {
            spark.stop();
        }
        System.exit(status);
    }

    /** The parsed command line. */
    static final class Options {
        String list;
        String out;
        String parquet;
        String recipe = Recipe.RECOMMENDED.label();
        int box = 32;
        int k = 100;
        long seed = 7;
        int maxTrainingBoxes; // 0: the recipe's
        int grid;
        int maxPicks;
        boolean bright;
        long regionMemory;
        String scratch;
        boolean stopOnFailure;
        boolean allowMixedContrast;

        static Options parse(String[] args) {
            Options o = new Options();
            List<String> a = new ArrayList<>(List.of(args));
            while (!a.isEmpty()) {
                String flag = a.remove(0);
                switch (flag) {
                    case "--list" -> o.list = value(a, flag);
                    case "--out" -> o.out = value(a, flag);
                    case "--parquet" -> o.parquet = value(a, flag);
                    case "--recipe" -> o.recipe = value(a, flag);
                    case "--box" -> o.box = Integer.parseInt(value(a, flag));
                    case "--k" -> {
                        String v = value(a, flag);
                        o.k = v.equalsIgnoreCase("auto") ? org.cryomine.pipeline.MiningSettings.AUTO_K
                                : Integer.parseInt(v);
                    }
                    case "--seed" -> o.seed = Long.parseLong(value(a, flag));
                    case "--max-training-boxes" -> o.maxTrainingBoxes = Integer.parseInt(value(a, flag));
                    case "--grid" -> o.grid = Integer.parseInt(value(a, flag));
                    case "--max-picks" -> o.maxPicks = Integer.parseInt(value(a, flag));
                    case "--bright" -> o.bright = true;
                    case "--region-memory-mb" -> o.regionMemory = Long.parseLong(value(a, flag)) << 20;
                    case "--scratch" -> o.scratch = value(a, flag);
                    case "--stop-on-failure" -> o.stopOnFailure = true;
                    case "--allow-mixed-contrast" -> o.allowMixedContrast = true;
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (o.list == null || o.out == null) {
                throw new IllegalArgumentException("--list and --out are required");
            }
            o.settings(); // validates
            return o;
        }

        SparkMiningSettings settings() {
            SparkMiningSettings s = SparkMiningSettings.of(new MiningSettingsFactory.FromRecipe(recipe, box, k, seed,
                            maxTrainingBoxes, grid, bright, maxPicks))
                    .withStopOnFailure(stopOnFailure).withScratchDir(scratch).withParquetDir(parquet)
                    .withMixedContrast(allowMixedContrast);
            return regionMemory > 0 ? s.withRegionMemory(regionMemory) : s;
        }

        private static String value(List<String> rest, String flag) {
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return rest.remove(0);
        }
    }
}
