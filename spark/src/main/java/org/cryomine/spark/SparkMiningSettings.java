package org.cryomine.spark;

import java.util.Objects;
import org.cryomine.pipeline.MiningSettings;
import org.cryomine.pipeline.TomogramAccess;

/**
 * Settings of the Spark dataset job. Immutable and validated; change single settings with the {@code with*}
 * methods.
 *
 * @param mining         the mining settings (those of the single-machine dataset run), rebuilt on every executor
 * @param regionMemory   bytes of one slab when a task reads its tomogram by region (as the single-machine run)
 * @param stopOnFailure  stop the job when a tomogram cannot be picked (unreadable, too small, no picks); by default
 *                       the job goes on with the rest and lists the failed ones at the end
 * @param scratchDir     executor-local folder for staged tomograms and box scratch files (e.g. {@code /mnt/scratch});
 *                       null: the executor's {@code java.io.tmpdir}
 * @param parquetDir     where {@code picks.parquet} and {@code codes.parquet} go (a path or Hadoop URI every executor
 *                       can write); null: {@code parquet/} in the run folder, which needs a file system the executors
 *                       share with the driver (always so in local mode)
 */
public record SparkMiningSettings(MiningSettingsFactory mining, long regionMemory, boolean stopOnFailure,
                                  String scratchDir, String parquetDir) {

    public SparkMiningSettings {
        Objects.requireNonNull(mining, "mining");
        if (regionMemory < 1) {
            throw new IllegalArgumentException("region memory must be a positive number of bytes, got " + regionMemory);
        }
    }

    /** The defaults with {@code mining}. */
    public static SparkMiningSettings of(MiningSettingsFactory mining) {
        return new SparkMiningSettings(mining, TomogramAccess.defaultRegionMemory(), false, null, null);
    }

    /** The mining settings themselves. */
    public MiningSettings miningSettings() {
        return mining.create();
    }

    public SparkMiningSettings withRegionMemory(long bytes) {
        return new SparkMiningSettings(mining, bytes, stopOnFailure, scratchDir, parquetDir);
    }

    public SparkMiningSettings withStopOnFailure(boolean stop) {
        return new SparkMiningSettings(mining, regionMemory, stop, scratchDir, parquetDir);
    }

    public SparkMiningSettings withScratchDir(String dir) {
        return new SparkMiningSettings(mining, regionMemory, stopOnFailure, dir, parquetDir);
    }

    public SparkMiningSettings withParquetDir(String dir) {
        return new SparkMiningSettings(mining, regionMemory, stopOnFailure, scratchDir, dir);
    }
}
