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
 * @param mixedContrast  go on when the tomograms seem to follow different contrast conventions (by default the job
 *                       stops after picking, as {@code MiningPipeline.withMixedContrast} says)
 */
public record SparkMiningSettings(MiningSettingsFactory mining, long regionMemory, boolean stopOnFailure,
                                  String scratchDir, String parquetDir, boolean mixedContrast) {

    public SparkMiningSettings {
        Objects.requireNonNull(mining, "mining");
        if (regionMemory < 1) {
            throw new IllegalArgumentException("region memory must be a positive number of bytes, got " + regionMemory);
        }
    }

    /** The defaults with {@code mining}. */
    public static SparkMiningSettings of(MiningSettingsFactory mining) {
        return new SparkMiningSettings(mining, TomogramAccess.defaultRegionMemory(), false, null, null, false);
    }

    /** The mining settings themselves. */
    public MiningSettings miningSettings() {
        return mining.create();
    }

    public SparkMiningSettings withRegionMemory(long bytes) {
        return new SparkMiningSettings(mining, bytes, stopOnFailure, scratchDir, parquetDir, mixedContrast);
    }

    public SparkMiningSettings withStopOnFailure(boolean stop) {
        return new SparkMiningSettings(mining, regionMemory, stop, scratchDir, parquetDir, mixedContrast);
    }

    public SparkMiningSettings withScratchDir(String dir) {
        return new SparkMiningSettings(mining, regionMemory, stopOnFailure, dir, parquetDir, mixedContrast);
    }

    public SparkMiningSettings withParquetDir(String dir) {
        return new SparkMiningSettings(mining, regionMemory, stopOnFailure, scratchDir, dir, mixedContrast);
    }

    public SparkMiningSettings withMixedContrast(boolean allowed) {
        return new SparkMiningSettings(mining, regionMemory, stopOnFailure, scratchDir, parquetDir, allowed);
    }
}
