package org.cryomine.demo;

import java.util.Locale;

/**
 * One pair of the quality suite: a tomogram of a preset mined, a second of the same preset segmented.
 *
 * @param preset             the simulation preset
 * @param picks              subvolumes mined
 * @param membraneRecall     picking recall of membranes (objects hit by a pick)
 * @param largeRecall        picking recall of large globules
 * @param smallRecall        picking recall of small globules (NaN when the preset has none)
 * @param purity             purity of the run's clustered codes (k-means, mean over seeds)
 * @param pcaPurity          purity of PCA + k-means of the same boxes at the same k
 * @param macroF1            macro-F1 of the codes' clusters
 * @param pcaMacroF1         macro-F1 of PCA + k-means
 * @param membraneIouWhole   membrane IoU of whole-mode segmentation of the second tomogram (NaN when not selected)
 * @param globuleIouWhole    large-globule IoU, whole mode (NaN when not selected)
 * @param membraneIouClusters membrane IoU, clusters mode
 * @param globuleIouClusters large-globule IoU, clusters mode
 * @param membraneVisibleRecall whole-mode recall of membrane voxels whose normal lies outside the missing wedge
 * @param membraneVisibleIou whole-mode membrane IoU on the surfaces a density-based method can see: the true voxels
 *                           whose normal lies in the missing wedge left out of the count
 *                           ({@link org.cryomine.core.metrics.MissingWedgeRecall#outsideIou()})
 * @param membraneHiddenShare fraction of the membrane voxels whose normal lies in the missing wedge
 * @param seconds            wall time of the pair
 */
public record QualityRow(String preset, int picks, double membraneRecall, double largeRecall, double smallRecall,
                         double purity, double pcaPurity, double macroF1, double pcaMacroF1, double membraneIouWhole,
                         double globuleIouWhole, double membraneIouClusters, double globuleIouClusters,
                         double membraneVisibleRecall, double membraneVisibleIou, double membraneHiddenShare,
                         double seconds) {

    /** The column names of {@link #toLine()}. */
    public static String header() {
        return String.format(Locale.ROOT, "%-24s %5s %6s %6s %6s %7s %7s %6s %6s %7s %7s %7s %7s %7s %7s %6s %6s",
                "preset", "picks", "rec_m", "rec_L", "rec_s", "purity", "pca", "F1", "pcaF1", "m_whole", "g_whole",
                "m_clus", "g_clus", "m_vis", "m_visIoU", "hidden", "sec");
    }

    /** One line of numbers, in {@link #header()}'s columns. */
    public String toLine() {
        return String.format(Locale.ROOT,
                "%-24s %5d %6.3f %6.3f %6.3f %7.3f %7.3f %6.3f %6.3f %7.3f %7.3f %7.3f %7.3f %7.3f %8.3f %6.2f %6.0f",
                preset, picks, membraneRecall, largeRecall, smallRecall, purity, pcaPurity, macroF1, pcaMacroF1,
                membraneIouWhole, globuleIouWhole, membraneIouClusters, globuleIouClusters, membraneVisibleRecall,
                membraneVisibleIou, membraneHiddenShare, seconds);
    }

    /**
     * Largest share of a pair's membrane facing the missing wedge for which the membrane is held to its whole
     * IoU as well as to its visible part's ({@link #membraneHeldIou()}).
     */
    public static final double SMALL_HIDDEN_SHARE = 0.3;

    /**
     * The membrane figure issue 14 holds a pair to: where at most {@value #SMALL_HIDDEN_SHARE} of the membrane faces the
     * missing wedge, the smaller of the whole and the visible IoU (held on both); where more does, the visible part's
     * IoU (membranes in the wedge carry almost no signal). NaN where no membrane was measured.
     */
    public double membraneHeldIou() {
        if (Double.isNaN(membraneVisibleIou) || Double.isNaN(membraneHiddenShare)) {
            return Double.NaN;
        }
        return membraneHiddenShare <= SMALL_HIDDEN_SHARE ? Math.min(membraneIouWhole, membraneVisibleIou)
                : membraneVisibleIou;
    }

    /** Purity above PCA + k-means of the same boxes. */
    public double purityGap() {
        return purity - pcaPurity;
    }
}
