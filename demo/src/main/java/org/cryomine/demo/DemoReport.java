package org.cryomine.demo;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cryomine.core.metrics.MissingWedgeRecall;
import org.cryomine.core.metrics.PickingMetrics;
import org.cryomine.core.simulate.ObjectClass;
import org.cryomine.segmentation.Selection;

/**
 * The quality table of the demo, measured on ground truth.
 *
 * @param picking        picking recall and precision by class on the first tomogram
 * @param clustering     purity, macro-F1 and membrane coverage per feature set, at the same k
 * @param selection      the groups chosen from the ground truth
 * @param embeddingIou   IoU per group of the embedding of the first tomogram
 * @param segmentationIou IoU per group on the second tomogram, per mode
 * @param membraneRecall  per mode, the membrane recall on the second tomogram split by whether the membrane
 *                        faces the missing wedge (empty when no group is the membrane)
 */
public record DemoReport(PickingMetrics.Report picking, List<ClusteringScore> clustering, Selection selection,
                         Map<String, Double> embeddingIou, Map<String, Map<String, Double>> segmentationIou,
                         Map<String, MissingWedgeRecall> membraneRecall) {

    /** The table as text, one section per step. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("Picking (first tomogram, ").append(picking.picks()).append(" picks)\n");
        sb.append(String.format(Locale.ROOT, "  %-16s %8s %8s%n", "class", "objects", "recall"));
        for (ObjectClass c : ObjectClass.values()) {
            int n = picking.objects().getOrDefault(c, 0);
            if (n > 0) {
                sb.append(String.format(Locale.ROOT, "  %-16s %8d %8.3f%n", c.displayName(), n, picking.recall(c)));
            }
        }
        sb.append("\nClustering (k = ").append(clustering.get(0).k()).append(")\n");
        sb.append(String.format(Locale.ROOT, "  %-36s %7s %9s %22s%n", "features", "purity", "macro-F1",
                "clusters for 90% membr."));
        for (ClusteringScore s : clustering) {
            sb.append(String.format(Locale.ROOT, "  %-36s %7.3f %9.3f %22d%n", s.features(), s.purity(), s.macroF1(),
                    s.clustersFor90Membrane()));
        }
        sb.append("\nSelected from ground truth: ").append(selection.toJson().replaceAll("\\s+", " ").trim()).append('\n');
        sb.append("\nIoU per group\n");
        sb.append(String.format(Locale.ROOT, "  %-28s", "where"));
        selection.groups().forEach(g -> sb.append(String.format(Locale.ROOT, " %14s", g.name())));
        sb.append('\n');
        row(sb, "embedding, first tomogram", embeddingIou);
        segmentationIou.forEach((mode, iou) -> row(sb, "segmentation (" + mode + ")", iou));
        if (!membraneRecall.isEmpty()) {
            MissingWedgeRecall any = membraneRecall.values().iterator().next();
            sb.append(String.format(Locale.ROOT, "%nMembrane recall by orientation (second tomogram): %.0f%% of the membrane "
                    + "voxels face the missing wedge, nearly invisible%n", 100.0 * any.inWedgeVoxels()
                    / (any.inWedgeVoxels() + any.outsideVoxels())));
            sb.append(String.format(Locale.ROOT, "  %-28s %14s %14s%n", "where", "in the wedge", "outside"));
            membraneRecall.forEach((mode, r) -> sb.append(String.format(Locale.ROOT, "  %-28s %14.3f %14.3f%n",
                    "segmentation (" + mode + ")", r.inWedgeRecall(), r.outsideRecall())));
        }
        return sb.toString();
    }

    private void row(StringBuilder sb, String name, Map<String, Double> iou) {
        sb.append(String.format(Locale.ROOT, "  %-28s", name));
        selection.groups().forEach(g -> sb.append(String.format(Locale.ROOT, " %14.3f", iou.getOrDefault(g.name(), Double.NaN))));
        sb.append('\n');
    }
}
