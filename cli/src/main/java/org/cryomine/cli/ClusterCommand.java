package org.cryomine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.cryomine.cluster.ClusterModel;
import org.cryomine.cluster.KMeansClusterer;
import org.cryomine.core.AtomicFiles;
import org.cryomine.pipeline.MatrixCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cryomine cluster}: k-means on a CSV of codes, writing assignments and centroids. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Cluster codes with k-means (k-means++ seeding, Lloyd with Hamerly bounds).",
            "Writes DIR/assignments.csv (one cluster number per row, in input order) and DIR/centroids.csv "
                + "(one centre per row). Clusters are numbered by size, largest first, so the same codes and "
                + "seed always give the same numbers. The last line printed is 'inertia: <value>'."})
public final class ClusterCommand implements Callable<Integer> {

    @Option(names = "--codes", required = true, paramLabel = "CODES.csv",
            description = "Codes: one row per subvolume, comma-separated numbers, no header.")
    Path codes;

    @Option(names = "--k", required = true, paramLabel = "K", description = "Number of clusters.")
    int k;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--restarts", defaultValue = "1", paramLabel = "N",
            description = "k-means++ seedings; the lowest inertia wins (default ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--swap-trials", defaultValue = "" + KMeansClusterer.DEFAULT_SWAP_TRIALS, paramLabel = "N",
            description = "Swap refinement trials after Lloyd (0: plain Lloyd, as scikit-learn; default ${DEFAULT-VALUE}).")
    int swapTrials;

    @Option(names = "--max-iterations", defaultValue = "300", paramLabel = "N",
            description = "Lloyd iterations per seeding at most (default ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--tolerance", defaultValue = "1e-4", paramLabel = "TOL",
            description = "Stop when the summed squared centre shift is below TOL times the mean variance of the "
                    + "codes, as scikit-learn (default ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors).")
    Integer threads;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if missing).")
    Path out;

    @Option(names = "--force", description = "Overwrite existing output files.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        float[][] x = MatrixCsv.read(codes);
        KMeansClusterer clusterer;
        try {
            clusterer = KMeansClusterer.of(k).withSeed(seed).withMaxIterations(maxIterations).withTolerance(tolerance)
                    .withRestarts(restarts).withSwapTrials(swapTrials);
            if (threads != null) {
                clusterer = clusterer.withThreads(threads);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad option: " + e.getMessage(), e);
        }
        Path[] files = ClusterOutputs.check(out, force, "assignments.csv", "centroids.csv");
        ClusterModel model = clusterer.fit(x);
        ClusterOutputs.createFolder(out);
        StringBuilder assignments = new StringBuilder();
        for (int a : model.assignments()) {
            assignments.append(a).append('\n');
        }
        AtomicFiles.writeString(files[0], true, assignments.toString());
        AtomicFiles.writeString(files[1], true, MatrixCsv.format(model.centroids()));
        PrintWriter o = spec.commandLine().getOut();
        o.println("clustered " + model.pointCount() + " codes of dimension " + model.dimension() + " into "
                + model.k() + " clusters (" + model.iterations() + " iterations, seed " + seed + ")");
        o.println("sizes: " + Arrays.toString(model.sizes()));
        o.println("wrote " + files[0] + " and " + files[1]);
        o.println("inertia: " + model.inertia());
        o.flush();
        return 0;
    }
}
