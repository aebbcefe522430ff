package org.cryomine.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.cryomine.core.Volume;
import org.cryomine.core.metrics.ClusteringQuality;
import org.cryomine.core.metrics.GroundTruthClasses;
import org.cryomine.io.Volumes;
import org.cryomine.pipeline.MinedRun;

/**
 * Cluster purity of mined runs against simulated ground truth, for benchmark scripts: for each run, every pick
 * takes the true class of its tomogram's label map ({@code TRUTH_DIR/NAME.mrc}, as {@code cryomine simulate}
 * writes {@code labels.mrc}) within {@value Demo#TRUTH_RADIUS} voxels, and the run's own clusters are scored.
 * Prints one line per run: {@code purity RUN PICKS K PURITY MACRO_F1}.
 */
public final class RunPurity {

    private RunPurity() {
    }

    /** {@code RunPurity TRUTH_DIR RUN [RUN ...]}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: RunPurity TRUTH_DIR RUN [RUN ...]");
        }
        PrintStream out = System.out;
        for (int a = 1; a < args.length; a++) {
            MinedRun run = MinedRun.open(Path.of(args[a]));
            ClusteringQuality q = score(Path.of(args[0]), run);
            out.printf(Locale.ROOT, "purity %s %d %d %.4f %.4f%n", args[a], run.codes().length, run.k(), q.purity(),
                    q.macroF1());
        }
    }

    /** The quality of {@code run}'s clusters against the label maps in {@code truthDir}. */
    public static ClusteringQuality score(Path truthDir, MinedRun run) {
        int[] truth = new int[run.codes().length];
        for (int t = 0; t < run.dataset().size(); t++) {
            Volume labels = Volumes.read(truthDir.resolve(run.dataset().tomograms().get(t).name() + ".mrc"));
            for (int i : run.picksOf(t)) {
                int[] c = run.centres().get(i);
                truth[i] = GroundTruthClasses.classAt(labels, c[0], c[1], c[2], Demo.TRUTH_RADIUS);
            }
        }
        return ClusteringQuality.of(run.assignments(), truth);
    }
}
