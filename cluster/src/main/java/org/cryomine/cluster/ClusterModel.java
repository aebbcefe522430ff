package org.cryomine.cluster;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.cryomine.core.CryomineException;

/**
 * A fitted k-means model: the centres, the cluster of every fitted point, the cluster sizes, the inertia and
 * the iterations run. Immutable and thread-safe; accessors return copies.
 *
 * <p>Clusters are numbered in a canonical order: by size, largest first; clusters of equal size by their
 * centroids compared lexicographically (dimension 0 first). The same data, configuration and seed therefore
 * always give the same numbers, and {@link #match(ClusterModel)} / {@link #alignedTo(ClusterModel)} carry a
 * numbering over to a model fitted on other data or with another seed.
 */
public final class ClusterModel {

    private final int k;
    private final int d;
    private final float[] centres;
    private final int[] assignments;
    private final int[] sizes;
    private final double inertia;
    private final int iterations;
    private final KMeansClusterer configuration;

    private ClusterModel(int k, int d, float[] centres, int[] assignments, double inertia, int iterations,
                         KMeansClusterer configuration) {
        this.k = k;
        this.d = d;
        this.centres = centres;
        this.assignments = assignments;
        this.sizes = new int[k];
        for (int a : assignments) {
            sizes[a]++;
        }
        this.inertia = inertia;
        this.iterations = iterations;
        this.configuration = configuration;
    }

    /**
     * Builds a model with its clusters renumbered into the canonical order. The arrays are taken over (the
     * caller must not keep them).
     */
    static ClusterModel canonical(int k, int d, float[] centres, int[] labels, double inertia, int iterations,
                                  KMeansClusterer configuration) {
        int[] counts = new int[k];
        for (int a : labels) {
            counts[a]++;
        }
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> {
            if (counts[a] != counts[b]) {
                return Integer.compare(counts[b], counts[a]);
            }
            int cmp = Arrays.compare(centres, a * d, a * d + d, centres, b * d, b * d + d);
            return cmp != 0 ? cmp : Integer.compare(a, b);
        });
        int[] newNumber = new int[k];
        for (int rank = 0; rank < k; rank++) {
            newNumber[order[rank]] = rank;
        }
        return new ClusterModel(k, d, centres, labels, inertia, iterations, configuration).renumbered(newNumber);
    }

    /** A model read back from a file, numbered as written. */
    static ClusterModel restored(int k, int d, float[] centres, int[] labels, double inertia, int iterations,
                                 KMeansClusterer configuration) {
        return new ClusterModel(k, d, centres, labels, inertia, iterations, configuration);
    }

    /** Writes this model as {@link #save(Path, boolean)} does; refuses to replace an existing file. */
    public void save(Path file) {
        save(file, false);
    }

    /**
     * Writes this model (format version, library version, hyper-parameters and seed, centroids, assignments) as
     * UTF-8 text, through a temporary file in the same folder.
     *
     * @param overwrite whether an existing file may be replaced
     * @throws CryomineException if the file exists and overwrite is false, or cannot be written
     */
    public void save(Path file, boolean overwrite) {
        ClusterModelFile.write(this, Objects.requireNonNull(file, "file"), overwrite);
    }

    /**
     * Reads a model written by {@link #save(Path, boolean)}; its configuration's thread count is this machine's
     * processor count.
     *
     * @throws CryomineException if the file is missing, truncated, not a cluster model, or of another format version
     */
    public static ClusterModel load(Path file) {
        return ClusterModelFile.read(Objects.requireNonNull(file, "file"));
    }

    /** A copy in which old cluster c is called newNumber[c] (a permutation of 0..k-1). */
    ClusterModel renumbered(int[] newNumber) {
        float[] c2 = new float[centres.length];
        for (int c = 0; c < k; c++) {
            System.arraycopy(centres, c * d, c2, newNumber[c] * d, d);
        }
        int[] a2 = new int[assignments.length];
        for (int i = 0; i < a2.length; i++) {
            a2[i] = newNumber[assignments[i]];
        }
        return new ClusterModel(k, d, c2, a2, inertia, iterations, configuration);
    }

    /** Number of clusters. */
    public int k() {
        return k;
    }

    /** Dimension of the points and centres. */
    public int dimension() {
        return d;
    }

    /** Number of points the model was fitted on. */
    public int pointCount() {
        return assignments.length;
    }

    /** The centres, k rows of {@link #dimension()} values, in cluster-number order (a fresh copy). */
    public float[][] centroids() {
        float[][] out = new float[k][];
        for (int c = 0; c < k; c++) {
            out[c] = centroid(c);
        }
        return out;
    }

    /** The centre of cluster c (a fresh copy). */
    public float[] centroid(int c) {
        Objects.checkIndex(c, k);
        return Arrays.copyOfRange(centres, c * d, c * d + d);
    }

    /** The cluster number of every fitted point, in input order (a fresh copy). */
    public int[] assignments() {
        return assignments.clone();
    }

    /** The cluster number of fitted point i. */
    public int assignment(int i) {
        return assignments[Objects.checkIndex(i, assignments.length)];
    }

    /** The number of fitted points in each cluster (a fresh copy); non-increasing by construction. */
    public int[] sizes() {
        return sizes.clone();
    }

    /** Sum over the fitted points of the squared Euclidean distance to their centre (double precision). */
    public double inertia() {
        return inertia;
    }

    /**
     * Lloyd iterations run by the chosen restart: its first Lloyd run's and those of its swap trials (see
     * {@link KMeansClusterer}); for a model read from a file, the number written.
     */
    public int iterations() {
        return iterations;
    }

    /** The configuration that produced this model (with its seed). */
    public KMeansClusterer configuration() {
        return configuration;
    }

    /**
     * The number of the nearest centre to {@code point} (Euclidean; the lowest number on ties).
     *
     * @throws IllegalArgumentException if the point's length is not {@link #dimension()} or it holds NaN
     */
    public int predict(float[] point) {
        double[] dist = squaredDistances(point);
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (dist[c] < dist[best]) {
                best = c;
            }
        }
        return best;
    }

    /** {@link #predict(float[])} for each row of {@code points}; nothing is modified. */
    public int[] predict(float[][] points) {
        Objects.requireNonNull(points, "points");
        int[] out = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            out[i] = predict(points[i]);
        }
        return out;
    }

    /** Euclidean distances (not squared) from {@code point} to every centre, in cluster-number order. */
    public double[] distances(float[] point) {
        double[] dist = squaredDistances(point);
        for (int c = 0; c < k; c++) {
            dist[c] = Math.sqrt(dist[c]);
        }
        return dist;
    }

    private double[] squaredDistances(float[] point) {
        Objects.requireNonNull(point, "point");
        if (point.length != d) {
            throw new IllegalArgumentException("the point has " + point.length + " values but the model's centres have "
                    + d);
        }
        for (int j = 0; j < d; j++) {
            if (!Float.isFinite(point[j])) {
                throw new IllegalArgumentException("the point's value " + j + " is " + point[j]);
            }
        }
        double[] dist = new double[k];
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double v = (double) point[j] - centres[c * d + j];
                s += v * v;
            }
            dist[c] = s;
        }
        return dist;
    }

    /**
     * Pairs this model's clusters with {@code other}'s so that the summed squared distance between paired
     * centres is minimal (Hungarian assignment). Neither model is modified.
     *
     * @return for each cluster c of this model, the number of its partner in {@code other}, or -1 when this
     *         model has more clusters than {@code other} and c is left over
     * @throws IllegalArgumentException if the models' dimensions differ
     */
    public int[] match(ClusterModel other) {
        Objects.requireNonNull(other, "other");
        if (other.d != d) {
            throw new IllegalArgumentException("cannot match clusters of dimension " + d + " with clusters of dimension "
                    + other.d);
        }
        double[][] cost = new double[k][other.k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < other.k; b++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double v = (double) centres[a * d + j] - other.centres[b * d + j];
                    s += v * v;
                }
                cost[a][b] = s;
            }
        }
        return HungarianAssignment.solve(cost);
    }

    /**
     * This model with its clusters renumbered after {@code reference}: the cluster matched to reference's
     * cluster j (by {@link #match(ClusterModel)}) gets number j. The sizes are then no longer in canonical order.
     *
     * @throws IllegalArgumentException if the models differ in k or dimension
     */
    public ClusterModel alignedTo(ClusterModel reference) {
        Objects.requireNonNull(reference, "reference");
        if (reference.k != k) {
            throw new IllegalArgumentException("cannot align a model of " + k + " clusters to one of " + reference.k
                    + "; use match() to pair clusters of models with different k");
        }
        return renumbered(match(reference));
    }

    @Override
    public String toString() {
        return "ClusterModel[k=" + k + ", dimension=" + d + ", points=" + assignments.length + ", inertia=" + inertia
                + ", iterations=" + iterations + "]";
    }
}
