package org.cryomine.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.cryomine.core.CryomineException;
import org.cryomine.core.ProgressListener;
import org.cryomine.pipeline.SegModel;
import org.cryomine.pipeline.SegmentSettings;
import org.cryomine.pipeline.Segmenter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segments a dataset with a trained segmentation model on Spark: one task per tomogram runs
 * {@link Segmenter#segmentFile} on executor-local files (the model broadcast as its folder's bytes, the tomogram
 * staged from its URI) and publishes {@code OUT/NAME.mrc} under a temporary name that is renamed when complete, so a
 * failed or retried task leaves no partial label map. A tomogram that fails is reported with its name and the rest go
 * on, unless asked to stop.
 */
public final class SparkSegmentation {

    private static final Logger LOG = LoggerFactory.getLogger(SparkSegmentation.class);

    /** Makes the {@link SegmentSettings} on the driver and every executor (they are not serializable). */
    @FunctionalInterface
    public interface SettingsFactory extends Serializable {
        SegmentSettings create();
    }

    private final SettingsFactory settings;
    private final boolean overwrite;
    private final boolean stopOnFailure;
    private final String scratchDir;

    private SparkSegmentation(SettingsFactory settings, boolean overwrite, boolean stopOnFailure, String scratchDir) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.overwrite = overwrite;
        this.stopOnFailure = stopOnFailure;
        this.scratchDir = scratchDir;
    }

    /** Segmentation with {@code settings} (e.g. {@code SegmentSettings::defaults}), refusing existing outputs. */
    public static SparkSegmentation of(SettingsFactory settings) {
        return new SparkSegmentation(settings, false, false, null);
    }

    /** The same job, replacing existing label maps or not. */
    public SparkSegmentation withOverwrite(boolean replace) {
        return new SparkSegmentation(settings, replace, stopOnFailure, scratchDir);
    }

    /** The same job, stopping at the first failed tomogram or not (the default: go on, list them at the end). */
    public SparkSegmentation withStopOnFailure(boolean stop) {
        return new SparkSegmentation(settings, overwrite, stop, scratchDir);
    }

    /** The same job with executor-local scratch in {@code dir} (null: each executor's {@code java.io.tmpdir}). */
    public SparkSegmentation withScratchDir(String dir) {
        return new SparkSegmentation(settings, overwrite, stopOnFailure, dir);
    }

    /**
     * One tomogram's outcome.
     *
     * @param labels the label map written (path or URI), null when it failed
     * @param error  why it failed, null when it did not
     */
    public record Outcome(String name, String labels, String error) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Segments {@code tomograms} with the model in {@code modelDir} (a local folder on the driver) into
     * {@code outDir}/NAME.mrc ({@code outDir} a path or Hadoop URI every executor can write).
     *
     * @return one outcome per tomogram, in order
     * @throws CryomineException when a tomogram failed and the job was asked to stop, or every tomogram failed
     */
    public List<Outcome> run(SparkSession spark, List<TomogramRef> tomograms, Path modelDir, String outDir)
            throws IOException {
        TomogramRef.requireUnique(tomograms, "the tomogram list");
        SegModel model = SegModel.open(modelDir);
        Segmenter.of(model, settings.create()); // checks the settings against the model before any work
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<byte[]> bytes = jsc.broadcast(HadoopFiles.zip(modelDir));
        HadoopFiles.Conf hadoop = new HadoopFiles.Conf(jsc.hadoopConfiguration());
        String out = outDir.endsWith("/") ? outDir.substring(0, outDir.length() - 1) : outDir;
        SettingsFactory factory = settings;
        boolean replace = overwrite;
        String scratch = scratchDir;
        jsc.setJobDescription("cryomine: segment " + tomograms.size() + " tomograms");
        List<Outcome> outcomes = jsc.parallelize(tomograms, tomograms.size())
                .mapPartitions(it -> segment(it, bytes, factory, out, replace, scratch, hadoop)).collect();
        bytes.destroy();
        List<Outcome> failed = outcomes.stream().filter(o -> o.error() != null).toList();
        if (!failed.isEmpty()) {
            String list = String.join("; ", failed.stream().map(o -> o.name() + ": " + o.error()).toList());
            if (stopOnFailure || failed.size() == outcomes.size()) {
                throw new CryomineException((failed.size() == outcomes.size() ? "every tomogram failed: " : "stopped: ")
                        + list);
            }
            LOG.warn("{} of {} tomograms failed and were not segmented: {}", failed.size(), outcomes.size(), list);
        }
        return outcomes;
    }

    private static Iterator<Outcome> segment(Iterator<TomogramRef> refs, Broadcast<byte[]> model,
                                             SettingsFactory settings, String outDir, boolean overwrite,
                                             String scratch, HadoopFiles.Conf hadoop) throws IOException {
        List<Outcome> out = new ArrayList<>();
        if (!refs.hasNext()) {
            return out.iterator();
        }
        Path scratchDir = Path.of(scratch != null ? scratch : System.getProperty("java.io.tmpdir"));
        Configuration conf = hadoop.get();
        Path dir = HadoopFiles.unzip(model.value(), scratchDir, "cryomine-segmodel-");
        try {
            Segmenter segmenter = Segmenter.of(SegModel.open(dir), settings.create());
            while (refs.hasNext()) {
                TomogramRef ref = refs.next();
                String target = outDir + "/" + ref.name() + ".mrc";
                Path work = Files.createTempDirectory(scratchDir, "cryomine-segment-");
                try (HadoopFiles.Staged staged = HadoopFiles.stage(ref.uri(), scratchDir, conf)) {
                    Path labels = work.resolve(ref.name() + ".mrc");
                    segmenter.segmentFile(staged.file(), labels, null, true, ProgressListener.NONE);
                    HadoopFiles.publish(labels, target, overwrite, conf);
                    out.add(new Outcome(ref.name(), target, null));
                } catch (IOException | RuntimeException e) {
                    if (TomogramTasks.isInjected(e)) {
                        throw e;
                    }
                    LOG.warn("tomogram {} ({}) failed: {}", ref.name(), ref.uri(), e.toString());
                    out.add(new Outcome(ref.name(), null, e.getMessage() == null ? e.toString() : e.getMessage()));
                } finally {
                    HadoopFiles.deleteRecursively(work);
                }
            }
        } finally {
            HadoopFiles.deleteRecursively(dir);
        }
        return out.iterator();
    }
}
