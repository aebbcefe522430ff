package org.cryomine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cryomine.cluster.KMeansClusterer;
import org.cryomine.cluster.KScore;
import org.cryomine.cluster.KSelection;
import org.cryomine.cluster.KSelector;
import org.cryomine.core.AtomicFiles;
import org.cryomine.core.CryomineException;
import org.cryomine.pipeline.MatrixCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cryomine choose-k}: k-means diagnostics over a range of k, as a table and a PNG plot. */
@Command(name = "choose-k", mixinStandardHelpOptions = true,
        description = {"Help choosing k: for each k of a range, the k-means inertia, the silhouette (on a seeded "
                + "sample), the Calinski-Harabasz index and the stability across seeds (mean adjusted Rand index).",
            "Prints a table and writes DIR/choose-k.png and DIR/choose-k.csv."})
public final class ChooseKCommand implements Callable<Integer> {

    @Option(names = "--codes", required = true, paramLabel = "CODES.csv",
            description = "Codes: one row per subvolume, comma-separated numbers, no header.")
    Path codes;

    @Option(names = "--k-range", required = true, paramLabel = "MIN:MAX", description = "The range of k, e.g. 2:150.")
    String kRange;

    @Option(names = "--step", defaultValue = "1", paramLabel = "N", description = "Step of k (default ${DEFAULT-VALUE}).")
    int step;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--restarts", defaultValue = "1", paramLabel = "N",
            description = "k-means++ seedings per fit (default ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--stability-runs", defaultValue = "3", paramLabel = "N",
            description = "Fits per k with different seeds for the stability (default ${DEFAULT-VALUE}; 1 = none).")
    int stabilityRuns;

    @Option(names = "--silhouette-sample", defaultValue = "2000", paramLabel = "N",
            description = "Codes sampled for the silhouette (default ${DEFAULT-VALUE}).")
    int silhouetteSample;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors).")
    Integer threads;

    @Option(names = "--out", defaultValue = ".", paramLabel = "DIR",
            description = "Folder for choose-k.png and choose-k.csv (default: the current folder).")
    Path out;

    @Option(names = "--force", description = "Overwrite existing output files.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int[] range = parseRange(kRange);
        KSelector selector;
        try {
            KMeansClusterer clusterer = KMeansClusterer.of(range[0]).withSeed(seed).withRestarts(restarts)
                    .withThreads(threads == null ? Runtime.getRuntime().availableProcessors() : threads);
            selector = new KSelector(clusterer, range[0], range[1], step, stabilityRuns, silhouetteSample);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad option: " + e.getMessage(), e);
        }
        float[][] x = MatrixCsv.read(codes);
        Path[] files = ClusterOutputs.check(out, force, "choose-k.png", "choose-k.csv");
        KSelection selection = selector.evaluate(x);
        ClusterOutputs.createFolder(out);
        String table = table(selection);
        AtomicFiles.writeString(files[1], true, csv(selection));
        KDiagnosticsPlot.write(selection, files[0]);
        PrintWriter o = spec.commandLine().getOut();
        o.print(table);
        o.println("best k by silhouette: " + selection.bestBySilhouette().map(String::valueOf).orElse("n/a"));
        o.println("best k by Calinski-Harabasz: "
                + selection.bestByCalinskiHarabasz().map(String::valueOf).orElse("n/a"));
        o.println("wrote " + files[0] + " and " + files[1]);
        o.flush();
        return 0;
    }

    static int[] parseRange(String text) {
        String[] parts = text.split(":", -1);
        try {
            if (parts.length == 2) {
                int lo = Integer.parseInt(parts[0].strip());
                int hi = Integer.parseInt(parts[1].strip());
                if (lo >= 1 && hi >= lo) {
                    return new int[] {lo, hi};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CryomineException("--k-range '" + text + "' is not MIN:MAX with 1 <= MIN <= MAX, e.g. 2:150");
    }

    static String table(KSelection selection) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(java.util.Locale.ROOT, "%6s %16s %11s %18s %10s%n", "k", "inertia", "silhouette", "calinski_harabasz",
                "stability"));
        for (KScore s : selection.scores()) {
            sb.append(String.format(java.util.Locale.ROOT, "%6d %16.6g %11.4f %18.6g %10.4f%n", s.k(), s.inertia(), s.silhouette(),
                    s.calinskiHarabasz(), s.stability()));
        }
        return sb.toString();
    }

    static String csv(KSelection selection) {
        StringBuilder sb = new StringBuilder("k,inertia,silhouette,calinski_harabasz,stability\n");
        for (KScore s : selection.scores()) {
            sb.append(s.k()).append(',').append(s.inertia()).append(',').append(s.silhouette()).append(',')
                    .append(s.calinskiHarabasz()).append(',').append(s.stability()).append('\n');
        }
        return sb.toString();
    }
}
