package org.cryomine.demo;

import java.util.List;
import org.cryomine.cluster.ClusterModel;
import org.cryomine.cluster.KMeansClusterer;
import org.cryomine.core.Volume;
import org.cryomine.core.metrics.ClusteringQuality;
import org.cryomine.core.stats.Pca;

/**
 * One row of the quality table: how well k-means on some features of the picks recovers their true
 * classes.
 *
 * @param features            what was clustered, e.g. "autoencoder codes" or "PCA of raw boxes"
 * @param k                   number of clusters
 * @param purity              size-weighted purity (mean over {@value #SEEDS} k-means seeds)
 * @param macroF1             macro-averaged F1 of the majority-class reading (mean over the seeds)
 * @param clustersFor90Membrane clusters needed to hold 90% of the membrane picks (0 when there are none)
 */
public record ClusteringScore(String features, int k, double purity, double macroF1, int clustersFor90Membrane) {

    /** Number of k-means seeds each score is averaged over. */
    public static final int SEEDS = 10;

    /**
     * Clusters {@code features} (one row per pick) with k-means from {@value #SEEDS} seeds ({@code seed},
     * {@code seed + 1}, ...) and scores each clustering against {@code truth} (one class per pick, 0
     * background): purity and macro-F1 are means over the seeds, the clusters for 90% of the membranes their
     * median. One k-means run on a few hundred picks varies by several hundredths from seed to seed (purity
     * 0.88 to 0.94 in one demo run), more than the differences being compared.
     */
    public static ClusteringScore of(String name, float[][] features, int[] truth, int k, long seed, int membraneClass) {
        double purity = 0;
        double f1 = 0;
        int[] cover = new int[SEEDS];
        for (int s = 0; s < SEEDS; s++) {
            ClusterModel model = KMeansClusterer.of(k).withSeed(seed + s).fit(features);
            ClusteringQuality q = ClusteringQuality.of(model.assignments(), truth);
            purity += q.purity() / SEEDS;
            f1 += q.macroF1() / SEEDS;
            cover[s] = q.clustersToCover(membraneClass, 0.9);
        }
        java.util.Arrays.sort(cover);
        return new ClusteringScore(name, k, purity, f1, cover[SEEDS / 2]);
    }

    /**
     * The baseline the paper argues against: the raw boxes flattened and reduced to {@code dims}
     * dimensions by PCA.
     */
    public static float[][] pcaOfRawBoxes(List<Volume> boxes, int dims, long seed) {
        float[][] rows = new float[boxes.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = boxes.get(i).data();
        }
        return Pca.of(Math.min(dims, Math.min(rows.length, rows[0].length)), seed).fit(rows).transform(rows);
    }
}
