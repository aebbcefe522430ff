package org.cryomine.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cryomine.cluster.HungarianAssignment;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Volume;
import org.cryomine.io.Volumes;
import org.cryomine.segmentation.Selection;

/**
 * Carries a selection made on one run to another run (of the same or other tomograms) by matching cluster
 * centres, without a browser: the selected clusters get different clusters of the other run, those of least total
 * distance (the Hungarian method on the matrix of distances).
 *
 * <p>When both runs share the autoencoder (the same files in {@code model/}), clusters are matched in code space:
 * the distance is the Euclidean distance between the mean codes of the two clusters' members, divided by the
 * root-mean-square distance of the target run's cluster means from their mean (so 1 is a typical spread of the
 * target's clusters). Otherwise the decoded centres ({@code clusters/centre_NNN.mrc}, which must have the same box
 * size) are compared: the distance is 1 - their normalised cross-correlation (0 for equal pictures, 1 for
 * unrelated ones, 2 for inverted ones). A match farther than the threshold is refused.
 */
public final class SelectionTransfer {

    /** How the clusters of the two runs were compared. */
    public enum Method {
        /** Mean member codes of runs that share the autoencoder. */
        CODES,
        /** Normalised cross-correlation of the decoded centres. */
        DECODED_CENTRES
    }

    /**
     * One selected cluster of the source run and its match in the target run.
     *
     * @param group    the group it belongs to
     * @param from     cluster number in the source run
     * @param to       cluster number in the target run, or -1 when the target has fewer clusters and none was left
     * @param distance distance of the match (see the class comment); infinite without a match
     * @param accepted whether the match is within the threshold
     */
    public record Match(String group, int from, int to, double distance, boolean accepted) {
    }

    /**
     * The outcome: every selected cluster's match and the selection of the accepted ones (groups left without a
     * cluster are dropped).
     */
    public record Result(Method method, List<Match> matches, Selection selection) {

        public Result {
            matches = List.copyOf(matches);
        }

        /** The matches refused (beyond the threshold or without a partner). */
        public List<Match> refused() {
            return matches.stream().filter(m -> !m.accepted()).toList();
        }
    }

    private SelectionTransfer() {
    }

    /**
     * Matches the clusters of {@code selection} (made on {@code from}) to clusters of {@code to}.
     *
     * @param maxDistance largest accepted distance (see the class comment), not negative
     * @throws CryomineException when the selection names clusters {@code from} lacks, or the decoded centres differ
     *                           in size
     */
    public static Result transfer(MinedRun from, Selection selection, MinedRun to, double maxDistance) throws IOException {
        Objects.requireNonNull(selection, "selection");
        if (!(maxDistance >= 0)) {
            throw new IllegalArgumentException("the largest distance must be 0 or more, got " + maxDistance);
        }
        selection.requireClustersBelow(from.k());
        boolean shared = sameModel(from.layout().model(), to.layout().model());
        double[][] cost = shared ? codeDistances(from, to) : centreDistances(from, to);
        // one to one among the selected clusters: each gets a different target cluster
        List<Integer> selected = selection.groups().stream().flatMap(g -> g.clusters().stream()).toList();
        double[][] rows = new double[selected.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = cost[selected.get(i)];
        }
        int[] solved = HungarianAssignment.solve(rows);
        int[] match = new int[from.k()];
        java.util.Arrays.fill(match, -1);
        for (int i = 0; i < rows.length; i++) {
            match[selected.get(i)] = solved[i];
        }
        List<Match> matches = new ArrayList<>();
        List<Selection.Group> groups = new ArrayList<>();
        for (Selection.Group g : selection.groups()) {
            List<Integer> kept = new ArrayList<>();
            for (int c : g.clusters()) {
                int m = match[c];
                double d = m < 0 ? Double.POSITIVE_INFINITY : cost[c][m];
                boolean ok = m >= 0 && d <= maxDistance;
                matches.add(new Match(g.name(), c, m, d, ok));
                if (ok) {
                    kept.add(m);
                }
            }
            if (!kept.isEmpty()) {
                groups.add(new Selection.Group(g.name(), kept.stream().sorted().toList(), g.kind()));
            }
        }
        return new Result(shared ? Method.CODES : Method.DECODED_CENTRES, matches,
                groups.isEmpty() ? null : new Selection(groups));
    }

    /** Whether two model folders hold the same files with the same contents. */
    static boolean sameModel(Path a, Path b) throws IOException {
        if (!Files.isDirectory(a) || !Files.isDirectory(b)) {
            return false;
        }
        if (a.toRealPath().equals(b.toRealPath())) {
            return true;
        }
        List<Path> fa = files(a);
        List<Path> fb = files(b);
        if (!fa.stream().map(a::relativize).toList().equals(fb.stream().map(b::relativize).toList())) {
            return false;
        }
        for (int i = 0; i < fa.size(); i++) {
            if (Files.size(fa.get(i)) != Files.size(fb.get(i)) || Files.mismatch(fa.get(i), fb.get(i)) != -1) {
                return false;
            }
        }
        return true;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Distances between the mean member codes, in units of the target's spread of cluster means. */
    static double[][] codeDistances(MinedRun from, MinedRun to) {
        float[][] a = ClusterReportWriter.memberMeans(from.codes(), from.assignments(), from.k());
        float[][] b = ClusterReportWriter.memberMeans(to.codes(), to.assignments(), to.k());
        if (a[0].length != b[0].length) {
            throw new CryomineException("the runs' codes differ in length (" + a[0].length + " and " + b[0].length + ")");
        }
        double[] mean = new double[b[0].length];
        for (float[] c : b) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += c[j] / (double) b.length;
            }
        }
        double spread = 0;
        for (float[] c : b) {
            for (int j = 0; j < mean.length; j++) {
                spread += (c[j] - mean[j]) * (c[j] - mean[j]) / b.length;
            }
        }
        double unit = spread > 0 ? Math.sqrt(spread) : 1;
        double[][] cost = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                double s = 0;
                for (int d = 0; d < mean.length; d++) {
                    double e = a[i][d] - b[j][d];
                    s += e * e;
                }
                cost[i][j] = Math.sqrt(s) / unit;
            }
        }
        return cost;
    }

    /** 1 - normalised cross-correlation of every pair of decoded centres. */
    static double[][] centreDistances(MinedRun from, MinedRun to) {
        float[][] a = centres(from);
        float[][] b = centres(to);
        if (a[0].length != b[0].length) {
            throw new CryomineException("the runs' decoded centres differ in size (" + a[0].length + " and "
                    + b[0].length + " voxels): runs mined with other --box sizes cannot be matched");
        }
        double[][] cost = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                double s = 0;
                for (int v = 0; v < a[i].length; v++) {
                    s += a[i][v] * b[j][v];
                }
                cost[i][j] = 1 - s / a[i].length;
            }
        }
        return cost;
    }

    /** Each decoded centre of {@code run}, standardised to mean 0 and standard deviation 1. */
    private static float[][] centres(MinedRun run) {
        float[][] out = new float[run.k()][];
        for (int c = 0; c < run.k(); c++) {
            Path file = run.layout().clusterFile("centre", c, "mrc");
            if (!Files.exists(file)) {
                throw new CryomineException(file + " is missing; rerun 'cryomine mine' on " + run.layout().root());
            }
            Volume v = Volumes.read(file);
            float[] d = v.data().clone();
            double mean = 0;
            for (float x : d) {
                mean += x / d.length;
            }
            double var = 0;
            for (float x : d) {
                var += (x - mean) * (x - mean) / d.length;
            }
            double sd = var > 0 ? Math.sqrt(var) : 1;
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) ((d[i] - mean) / sd);
            }
            out[c] = d;
        }
        return out;
    }
}
