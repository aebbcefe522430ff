package org.cryomine.pipeline.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.cryomine.core.AtomicFiles;

/**
 * The cluster-selection report: one self-contained HTML file (opens from disk, no server, no network)
 * that shows every cluster's decoded centre, member average and a few members on one shared intensity
 * scale, a 2-D map of the codes coloured by cluster, and controls to put clusters into named groups and
 * save the selection file that {@code cryomine embed} and {@code train-seg} read.
 *
 * @param title       heading of the page
 * @param clusters    the clusters, in display order
 * @param map2d       one (x, y) point per subvolume (e.g. the first two principal components of the codes)
 * @param assignments cluster number of each subvolume, same order as {@code map2d}
 * @param scaleNote   a sentence saying what intensity window the pictures share
 * @param similarOrder cluster numbers ordered so that clusters with similar centroids are neighbours (the page's
 *                    "similar centres" sort); empty for the display order
 * @param overviews   downsampled tomograms with the picks' positions (the page offers a choice when there are
 *                    several); may be empty
 * @param runPath     the run folder as the commands shown after saving should name it, or null ("RUN")
 * @param runId       identifies the run and its clustering: the page keeps its selection in the browser under it
 */
public record SelectionReport(String title, List<ClusterCard> clusters, float[][] map2d, int[] assignments,
                              String scaleNote, int[] similarOrder, List<TomogramOverview> overviews, String runPath,
                              String runId) {

    /** A report without a similarity order, overview or run folder. */
    public SelectionReport(String title, List<ClusterCard> clusters, float[][] map2d, int[] assignments,
                           String scaleNote) {
        this(title, clusters, map2d, assignments, scaleNote, new int[0], List.of(), null, title);
    }

    public SelectionReport {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(runId, "runId");
        clusters = List.copyOf(clusters);
        overviews = List.copyOf(overviews);
        similarOrder = similarOrder.clone();
        if (similarOrder.length != 0 && similarOrder.length != clusters.size()) {
            throw new IllegalArgumentException("the similarity order has " + similarOrder.length + " entries for "
                    + clusters.size() + " clusters");
        }
        Objects.requireNonNull(map2d, "map2d");
        Objects.requireNonNull(assignments, "assignments");
        if (map2d.length != assignments.length) {
            throw new IllegalArgumentException("the code map has " + map2d.length + " points but there are "
                    + assignments.length + " assignments");
        }
    }

    /** A copy of the similarity order. */
    @Override
    public int[] similarOrder() {
        return similarOrder.clone();
    }

    /** The HTML text. */
    public String toHtml() {
        String template = resource("selection-report.html");
        return template.replace("@TITLE@", escape(title))
                .replace("@SCALE@", escape(scaleNote))
                .replace("@DATA@", dataJson());
    }

    /** Writes the report through a temporary file and a rename. */
    public void write(Path file, boolean overwrite) throws IOException {
        AtomicFiles.writeString(file, overwrite, toHtml());
    }

    private String dataJson() {
        StringBuilder sb = new StringBuilder(1 << 16);
        sb.append("{\"clusters\":[");
        for (int i = 0; i < clusters.size(); i++) {
            ClusterCard c = clusters.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"n\":").append(c.number()).append(",\"size\":").append(c.size())
                    .append(",\"centre\":\"").append(base64(c.centrePng())).append('"');
            if (c.averagePng() != null) {
                sb.append(",\"average\":\"").append(base64(c.averagePng())).append('"');
            }
            if (!c.perTomogram().isEmpty()) {
                sb.append(",\"tomos\":\"");
                int t = 0;
                for (var e : c.perTomogram().entrySet()) {
                    sb.append(t++ > 0 ? ", " : "").append(escapeJson(e.getKey())).append(' ').append(e.getValue());
                }
                sb.append('"');
            }
            sb.append(",\"members\":[");
            for (int m = 0; m < c.memberPngs().size(); m++) {
                sb.append(m > 0 ? "," : "").append('"').append(base64(c.memberPngs().get(m))).append('"');
            }
            sb.append("]}");
        }
        sb.append("],\"points\":[");
        for (int i = 0; i < map2d.length; i++) {
            sb.append(i > 0 ? "," : "").append('[')
                    .append(jsonNumber(map2d[i][0])).append(',').append(jsonNumber(map2d[i][1]))
                    .append(',').append(assignments[i]).append(']');
        }
        sb.append("],\"order\":").append(java.util.Arrays.toString(similarOrder).replace(" ", ""));
        sb.append(",\"run\":\"").append(escapeJson(runPath == null ? "RUN" : runPath)).append('"');
        sb.append(",\"runId\":\"").append(escapeJson(runId)).append('"');
        sb.append(",\"overviews\":[");
        for (int t = 0; t < overviews.size(); t++) {
            TomogramOverview o = overviews.get(t);
            int[][] positions = o.positions();
            int[] of = o.clusters();
            sb.append(t > 0 ? "," : "").append("{\"name\":\"").append(escapeJson(o.name())).append("\",\"nx\":").append(o.nx())
                    .append(",\"ny\":").append(o.ny()).append(",\"nz\":").append(o.nz()).append(",\"bin\":")
                    .append(o.bin()).append(",\"columns\":").append(o.columns()).append(",\"box\":")
                    .append(o.boxSize()).append(",\"png\":\"").append(base64(o.mosaicPng())).append("\",\"picks\":[");
            for (int i = 0; i < positions.length; i++) {
                int[] p = positions[i];
                sb.append(i > 0 ? "," : "").append('[').append(p[0]).append(',').append(p[1]).append(',').append(p[2])
                        .append(',').append(of[i]).append(']');
            }
            sb.append("]}");
        }
        sb.append(']');
        sb.append('}');
        return sb.toString();
    }

    /** {@code s} safe inside a JSON string that is itself inside HTML: quotes, backslashes and tags escaped. */
    private static String escapeJson(String s) {
        StringBuilder out = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\' || ch == '<' || ch == '>' || ch == '&' || ch < 0x20) {
                out.append(String.format("\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    private static String jsonNumber(float v) {
        return Float.isFinite(v) ? Float.toString(v) : "0";
    }

    private static String base64(byte[] png) {
        return Base64.getEncoder().encodeToString(png);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String name) {
        try (InputStream in = SelectionReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("report template " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read report template " + name, e);
        }
    }
}
