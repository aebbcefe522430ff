package org.cryomine.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cryomine.core.CryomineException;
import org.cryomine.io.VolumeHeader;

/**
 * Which contrast convention a tomogram seems to follow, from the skewness of its voxel values: dense matter
 * (protein, membranes, gold) is a minority of the voxels and lies on one side of the background, so the
 * distribution's tail, and the sign of its skewness, points to the dense side. Measured: the project's simulated
 * tomograms (dense dark) -0.27 to -0.30; the real microtubule crops of the test fixtures (dense bright, University
 * of Tokyo via cylindra) +0.22 and +0.25. Tomograms whose skewness is within {@link #UNDECIDED} of 0 are not
 * judged. A dataset with tomograms clearly on both sides is refused before any work, since one picker contrast
 * and one autoencoder cannot serve both.
 */
public final class ContrastCheck {

    /** Skewness magnitudes below this say nothing about the convention. */
    public static final double UNDECIDED = 0.1;

    /** z-slices sampled per tomogram (evenly spaced, whole x-y planes). */
    static final int SLICES = 8;

    private ContrastCheck() {
    }

    /** The skewness of the voxel values of up to {@link #SLICES} evenly spaced z-slices of {@code file}. */
    public static double skewness(Path file) {
        FileRegionSource source = FileRegionSource.open(file);
        VolumeHeader h = source.header();
        int slices = Math.min(SLICES, h.nz());
        float[][] values = new float[slices][];
        double n = 0;
        double sum = 0;
        for (int i = 0; i < slices; i++) {
            int z = (int) ((i + 0.5) * h.nz() / slices);
            values[i] = source.read(0, 0, z, h.nx(), h.ny(), 1).data(); // read once, kept for the second pass
            for (float v : values[i]) {
                n++;
                sum += v;
            }
        }
        double mean = sum / n;
        double sum2 = 0;
        double sum3 = 0;
        for (float[] slice : values) {
            for (float v : slice) {
                double d = v - mean;
                sum2 += d * d;
                sum3 += d * d * d;
            }
        }
        double variance = sum2 / n;
        return variance > 0 ? sum3 / n / Math.pow(variance, 1.5) : 0;
    }

    /**
     * Refuses a dataset whose tomograms seem to follow both conventions, measuring each tomogram's {@link #skewness}.
     *
     * @throws CryomineException naming the tomograms on each side and what to do
     */
    public static void requireOneConvention(Dataset dataset) {
        Map<String, Double> skewness = new LinkedHashMap<>();
        for (Dataset.Tomogram t : dataset.tomograms()) {
            skewness.put(t.name(), skewness(t.path()));
        }
        requireOneConvention(skewness);
    }

    /**
     * Refuses tomograms whose skewness (by name, in order) says that both conventions are present.
     *
     * @throws CryomineException naming the tomograms on each side and what to do
     */
    public static void requireOneConvention(Map<String, Double> skewnessByTomogram) {
        List<String> dark = new ArrayList<>();
        List<String> bright = new ArrayList<>();
        for (Map.Entry<String, Double> e : skewnessByTomogram.entrySet()) {
            double skew = e.getValue();
            String entry = String.format(Locale.ROOT, "%s (%+.2f)", e.getKey(), skew);
            if (skew <= -UNDECIDED) {
                dark.add(entry);
            } else if (skew >= UNDECIDED) {
                bright.add(entry);
            }
        }
        if (!dark.isEmpty() && !bright.isEmpty()) {
            throw new CryomineException("the tomograms seem to follow different contrast conventions (skewness of "
                    + "their voxel values): dense matter dark in " + String.join(", ", dark) + " but bright in "
                    + String.join(", ", bright) + ". Invert one side first (e.g. IMOD's newstack -multadd -1,0 or "
                    + "EMAN2's e2proc3d.py --mult -1), mine them in separate runs (--bright for bright ones), or "
                    + "go ahead with --allow-mixed-contrast if they do share one convention");
        }
    }
}
