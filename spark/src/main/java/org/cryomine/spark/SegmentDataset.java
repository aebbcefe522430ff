package org.cryomine.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cryomine.core.CryomineException;
import org.cryomine.pipeline.Recipe;

/**
 * {@code spark-submit --class org.cryomine.spark.SegmentDataset APP.jar --list TOMOGRAMS.txt --model SEGMODEL
 * --out LABELS [--force] [--stop-on-failure] [--scratch DIR]}: one label map per tomogram, {@code LABELS/NAME.mrc}
 * ({@link SparkSegmentation}, default segmentation settings). Exit status as {@link MineDataset}.
 */
public final class SegmentDataset {

    private SegmentDataset() {
    }

    public static void main(String[] args) throws Exception {
        String list = null;
        String model = null;
        String out = null;
        String scratch = null;
        boolean force = false;
        boolean stop = false;
        List<String> a = new ArrayList<>(List.of(args));
        try {
            while (!a.isEmpty()) {
                String flag = a.remove(0);
                switch (flag) {
                    case "--list" -> list = next(a, flag);
                    case "--model" -> model = next(a, flag);
                    case "--out" -> out = next(a, flag);
                    case "--scratch" -> scratch = next(a, flag);
                    case "--force" -> force = true;
                    case "--stop-on-failure" -> stop = true;
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (list == null || model == null || out == null) {
                throw new IllegalArgumentException("--list, --model and --out are required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("SegmentDataset: " + e.getMessage());
            System.err.println("usage: SegmentDataset --list FILE --model SEGMODEL_FOLDER --out FOLDER_OR_URI "
                    + "[--force] [--stop-on-failure] [--scratch DIR]");
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("cryomine segment " + list).getOrCreate();
        int status;
        try {
            List<TomogramRef> refs = TomogramRef.readList(list, spark.sparkContext().hadoopConfiguration());
            List<SparkSegmentation.Outcome> outcomes = SparkSegmentation.of(() -> Recipe.RECOMMENDED.segmenting())
                    .withOverwrite(force).withStopOnFailure(stop).withScratchDir(scratch)
                    .run(spark, refs, Path.of(model), out);
            status = 0;
            for (SparkSegmentation.Outcome o : outcomes) {
                if (o.error() != null) {
                    System.err.println("failed: " + o.name() + ": " + o.error());
                    status = 3;
                } else {
                    System.out.println(o.labels());
                }
            }
        } catch (CryomineException e) {
            System.err.println("SegmentDataset: " + e.getMessage());
            status = 1;
        } finally {
            spark.stop();
        }
        System.exit(status);
    }

    private static String next(List<String> rest, String flag) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return rest.remove(0);
    }
}
