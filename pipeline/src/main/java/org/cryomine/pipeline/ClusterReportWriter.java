package org.cryomine.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.pipeline.report.ClusterCard;
import org.cryomine.pipeline.report.SelectionReport;
import org.cryomine.cluster.ClusterModel;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.stats.Pca;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.cryomine.nn.Normalization;
import org.cryomine.nn.TrainedAutoencoder;

/**
 * Writes what a person needs to select clusters: for every cluster the decoded centre (the decoded centroid,
 * or with flip-averaged codes the decoded mean of its members' own codes) and the average of
 * its members as MRC and PNG, PNGs of a few members (those nearest the centre), and the HTML report. All
 * pictures share one intensity window, the training data's mean +- 3 standard deviations, so clusters
 * can be compared by eye (the original code scaled each picture on its own).
 */
final class ClusterReportWriter {

    private static final int MEMBERS_SHOWN = 3;

    private final RunLayout run;
    private final TrainedAutoencoder autoencoder;
    private final long seed;

    ClusterReportWriter(RunLayout run, TrainedAutoencoder autoencoder, long seed) {
        this.run = run;
        this.autoencoder = autoencoder;
        this.seed = seed;
    }

    /**
     * @param codes          the boxes' own codes
     * @param clusteredCodes the codes k-means clustered ({@code codes} itself, or their flip averages), in whose
     *                       space the centroids lie: members are shown by their distance there, and the map is theirs
     */
    void write(List<Volume> boxes, float[][] codes, float[][] clusteredCodes, ClusterModel clusters,
               ProgressListener progress) throws IOException {
        write(boxes, codes, clusteredCodes, clusters, null, progress);
    }

    /**
     * As {@link #write(List, float[][], float[][], ClusterModel, ProgressListener)}; with {@code tomograms} (the
     * tomogram name of each box) each card also counts its members per tomogram.
     */
    void write(List<Volume> boxes, float[][] codes, float[][] clusteredCodes, ClusterModel clusters,
               String[] tomograms, ProgressListener progress) throws IOException {
        write(ReportBoxes.of(boxes), codes, clusteredCodes, clusters, tomograms, progress);
    }

    /**
     * As {@link #write(List, float[][], float[][], ClusterModel, String[], ProgressListener)}, with the member
     * averages and the pictured members gathered by {@code boxes} (e.g. from where the boxes are, in one pass).
     */
    void write(ReportBoxes boxes, float[][] codes, float[][] clusteredCodes, ClusterModel clusters,
               String[] tomograms, ProgressListener progress) throws IOException {
        Files.createDirectories(run.clusters());
        Normalization n = autoencoder.normalization();
        float low = (float) (n.mean() - 3 * n.std());
        float high = (float) (n.mean() + 3 * n.std());
        Volume[] centres = autoencoder.decode(codes == clusteredCodes ? clusters.centroids()
                : memberMeans(codes, clusters.assignments(), clusters.k()));
        int[][] shown = nearestMembers(clusteredCodes, clusters);
        ReportBoxes.Gathered gathered = boxes.gather(clusters.assignments(), clusters.k(),
                java.util.Arrays.stream(shown).flatMapToInt(java.util.Arrays::stream).sorted().toArray());
        Volume[] averages = gathered.averages();
        List<ClusterCard> cards = new ArrayList<>();
        for (int c = 0; c < clusters.k(); c++) {
            progress.checkCancelled();
            // decoded centres take the boxes' voxel size, like the member averages, so viewers show them at scale
            Volume centre = gathered.voxelSize() == null ? centres[c] : centres[c].withVoxelSize(gathered.voxelSize());
            Volumes.write(centre, run.clusterFile("centre", c, "mrc"), WriteOptions.defaults().withOverwrite(true));
            byte[] centrePng = SlicePictures.png(centres[c], low, high);
            Files.write(run.clusterFile("centre", c, "png"), centrePng);
            byte[] averagePng = null;
            if (averages[c] != null) {
                Volumes.write(averages[c], run.clusterFile("average", c, "mrc"), WriteOptions.defaults().withOverwrite(true));
                averagePng = SlicePictures.png(averages[c], low, high);
                Files.write(run.clusterFile("average", c, "png"), averagePng);
            }
            List<byte[]> members = new ArrayList<>();
            for (int m : shown[c]) {
                members.add(SlicePictures.png(gathered.boxes().get(m), low, high));
            }
            cards.add(new ClusterCard(c, clusters.sizes()[c], centrePng, averagePng, members,
                    perTomogram(tomograms, clusters.assignments(), c)));
            progress.onProgress("cluster pictures", c + 1, clusters.k());
        }
        float[][] map = Pca.of(Math.min(2, clusteredCodes[0].length), seed).fit(clusteredCodes).transform(clusteredCodes);
        if (map[0].length < 2) {
            for (int i = 0; i < map.length; i++) {
                map[i] = new float[] {map[i][0], 0};
            }
        }
        String note = String.format(java.util.Locale.ROOT,
                "All pictures (three orthogonal central slices) share one intensity window, %.4g to %.4g: the "
                        + "training data's mean +- 3 standard deviations; dense matter is dark.", low, high)
                + (codes == clusteredCodes ? "" : " The clusters were made from codes averaged over each box's eight "
                        + "axis flips; a cluster's decoded centre is the decoded mean of its members' own codes.");
        new SelectionReport("cryomine clusters: " + run.root().getFileName(), cards, map, clusters.assignments(), note)
                .write(run.report(), true);
    }

    /** Members of cluster {@code c} per tomogram, in order of first appearance; empty without names. */
    static java.util.Map<String, Integer> perTomogram(String[] tomograms, int[] assignments, int c) {
        java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        if (tomograms == null) {
            return counts;
        }
        for (String t : tomograms) {
            counts.putIfAbsent(t, 0);
        }
        for (int i = 0; i < assignments.length; i++) {
            if (assignments[i] == c) {
                counts.merge(tomograms[i], 1, Integer::sum);
            }
        }
        return counts;
    }

    /** The mean code of each cluster's members ({@code k} rows; k-means leaves no cluster empty). */
    static float[][] memberMeans(float[][] codes, int[] assignments, int k) {
        float[][] mean = new float[k][codes[0].length];
        int[] count = new int[k];
        for (int i = 0; i < codes.length; i++) {
            count[assignments[i]]++;
            for (int j = 0; j < codes[i].length; j++) {
                mean[assignments[i]][j] += codes[i][j];
            }
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < mean[c].length; j++) {
                mean[c][j] /= Math.max(1, count[c]);
            }
        }
        return mean;
    }

    /** For each cluster, up to {@link #MEMBERS_SHOWN} members nearest its centre in code space. */
    private static int[][] nearestMembers(float[][] codes, ClusterModel clusters) {
        int[][] out = new int[clusters.k()][];
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < clusters.k(); c++) {
            members.add(new ArrayList<>());
        }
        int[] a = clusters.assignments();
        for (int i = 0; i < a.length; i++) {
            members.get(a[i]).add(i);
        }
        for (int c = 0; c < clusters.k(); c++) {
            float[] centre = clusters.centroid(c);
            out[c] = members.get(c).stream()
                    .sorted(java.util.Comparator.comparingDouble(i -> squaredDistance(codes[i], centre)))
                    .limit(MEMBERS_SHOWN).mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    private static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            s += d * d;
        }
        return s;
    }
}
