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

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClusterReportWriter.class);
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
        write(boxes, codes, clusteredCodes, clusters, null, null, progress);
    }

    /** Most tomograms of a dataset run with an overview in the report. */
    static final int MAX_OVERVIEWS = 8;

    /**
     * Where the report's overviews come from: the tomogram files to downsample and the picks in them.
     *
     * @param tomograms the run's tomogram files, in the dataset's order (read again, downsampled, strip by strip);
     *                  the first {@link #MAX_OVERVIEWS} get an overview, the first in most detail
     * @param names     their names in the run
     * @param centres   (x, y, z) of every pick of the run, in voxels of its own tomogram
     * @param pickNames the tomogram name of each pick, or null when every pick is in the single tomogram
     */
    record OverviewSource(List<java.nio.file.Path> tomograms, List<String> names, List<int[]> centres,
                          String[] pickNames) {
    }

    /**
     * As {@link #write(List, float[][], float[][], ClusterModel, ProgressListener)}; with {@code tomograms} (the
     * tomogram name of each box) each card also counts its members per tomogram, and with {@code overviewSource}
     * the report shows where each cluster's members are in downsampled tomograms. Pictures of cluster numbers
     * {@code k} and above left by an earlier clustering of the run are removed first.
     */
    void write(List<Volume> boxes, float[][] codes, float[][] clusteredCodes, ClusterModel clusters,
               String[] tomograms, OverviewSource overviewSource, ProgressListener progress) throws IOException {
        write(ReportBoxes.of(boxes), codes, clusteredCodes, clusters, tomograms, overviewSource, progress);
    }

    /**
     * As {@link #write(List, float[][], float[][], ClusterModel, String[], OverviewSource, ProgressListener)}, with
     * the member averages and the pictured members gathered by {@code boxes} (e.g. from where the boxes are, in one
     * pass).
     */
    void write(ReportBoxes boxes, float[][] codes, float[][] clusteredCodes, ClusterModel clusters,
               String[] tomograms, OverviewSource overviewSource, ProgressListener progress) throws IOException {
        Files.createDirectories(run.clusters());
        removeStalePictures(clusters.k());
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
            Files.deleteIfExists(run.clusterFile("average", c, "mrc"));
            Files.deleteIfExists(run.clusterFile("average", c, "png"));
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
        java.nio.file.Path root = run.root().toAbsolutePath().normalize();
        String runId = root + "#k" + clusters.k() + "#" + java.util.Arrays.hashCode(clusters.assignments());
        new SelectionReport("cryomine clusters: " + run.root().getFileName(), cards, map, clusters.assignments(), note,
                ClusterOrder.similarityChain(clusters.centroids()), overviews(overviewSource, clusters),
                root.toString(), runId).write(run.report(), true);
    }

    /**
     * The overviews of the source's first tomograms: the first with up to {@link OverviewPictures#MAX_VOXELS} voxels,
     * the others with a quarter of that; none without a source, and none of a tomogram that cannot be read.
     */
    private List<org.cryomine.pipeline.report.TomogramOverview> overviews(OverviewSource source,
                                                                       ClusterModel clusters) {
        List<org.cryomine.pipeline.report.TomogramOverview> out = new ArrayList<>();
        if (source == null || clusters.assignments().length == 0) {
            return out;
        }
        for (int t = 0; t < Math.min(MAX_OVERVIEWS, source.tomograms().size()); t++) {
            String name = source.names().get(t);
            List<int[]> positions = new ArrayList<>();
            List<Integer> of = new ArrayList<>();
            for (int i = 0; i < source.centres().size(); i++) {
                if (source.pickNames() == null || name.equals(source.pickNames()[i])) {
                    positions.add(source.centres().get(i));
                    of.add(clusters.assignments()[i]);
                }
            }
            try {
                out.add(OverviewPictures.of(source.tomograms().get(t), name, autoencoder.config().boxX(), positions,
                        of.stream().mapToInt(Integer::intValue).toArray(),
                        t == 0 ? OverviewPictures.MAX_VOXELS : OverviewPictures.MAX_VOXELS / 4));
            } catch (RuntimeException e) {
                LOG.warn("the report has no overview of {}: cannot read {}: {}", name, source.tomograms().get(t),
                        e.getMessage());
            }
        }
        return out;
    }

    /**
     * Removes the pictures of clusters an earlier clustering of this run had and this one has not (cluster
     * numbers {@code k} and above): {@code centre_NNN}, {@code average_NNN} and {@code member_NNN*} files.
     */
    void removeStalePictures(int k) throws IOException {
        java.util.regex.Pattern name = java.util.regex.Pattern.compile("(centre|average|member)_(\\d+)([._].*)?\\.(mrc|png)");
        List<java.nio.file.Path> removed = new ArrayList<>();
        try (var files = Files.list(run.clusters())) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
                var m = name.matcher(f.getFileName().toString());
                if (m.matches() && Integer.parseInt(m.group(2)) >= k) {
                    Files.delete(f);
                    removed.add(f.getFileName());
                }
            }
        }
        if (!removed.isEmpty()) {
            LOG.info("removed {} pictures of clusters {} and above left by an earlier clustering: {}", removed.size(), k,
                    removed);
        }
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
                    .sorted(java.util.Comparator.comparingDouble(i -> CodeDistances.squared(codes[i], centre)))
                    .limit(MEMBERS_SHOWN).mapToInt(Integer::intValue).toArray();
        }
        return out;
    }
}
