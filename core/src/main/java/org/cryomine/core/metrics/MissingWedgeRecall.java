package org.cryomine.core.metrics;

import org.cryomine.core.Volume;
import org.cryomine.core.filter.GaussianFilter;

/**
 * Recall of a thin structure (membranes) split by how its surface faces the missing wedge. A single-axis
 * tilt about y up to &plusmn;{@code maxTilt} degrees leaves unmeasured every Fourier direction k with
 * {@code |kx| < |kz| tan(90 - maxTilt)}. A sheet's signal lies along its normal n, so a sheet whose normal
 * satisfies that condition (a vesicle's top and bottom, a sheet lying flat in the section) is nearly invisible
 * in the tomogram, while the truth still labels it. Splitting recall (and IoU) by this condition tells what a
 * segmentation misses because of the acquisition from what it misses otherwise.
 *
 * <p>The normal's x and z components at each true voxel come from the structure tensor: the true mask is
 * smoothed by a Gaussian of {@value #NORMAL_SIGMA} voxels, differentiated (central differences, clamped at the
 * volume's faces), and the squared x and z derivatives smoothed again by the same Gaussian; for a sheet they
 * are about {@code c nx^2} and {@code c nz^2}, also on its mid-plane where the gradient itself vanishes.
 *
 * @param inWedgeVoxels  true voxels whose normal lies in the missing wedge
 * @param inWedgeRecall  fraction of those labelled by the prediction (NaN when there are none)
 * @param outsideVoxels  the other true voxels
 * @param outsideRecall  fraction of those labelled by the prediction (NaN when there are none)
 * @param outsideIou     IoU of the prediction with the true voxels outside the wedge, the true voxels in the wedge
 *                       left out of the count: predicting them is neither rewarded nor penalised, predicting
 *                       anything else that is not true is (NaN when there are no true voxels outside the wedge)
 */
public record MissingWedgeRecall(long inWedgeVoxels, double inWedgeRecall, long outsideVoxels, double outsideRecall,
                                 double outsideIou) {

    /** Smoothing of the true mask before its gradient is taken, in voxels. */
    public static final double NORMAL_SIGMA = 2.0;

    /**
     * Measures the split recall.
     *
     * @param predicted      label map, x fastest (not modified)
     * @param predictedLabel the label of the structure in {@code predicted}
     * @param truth          true label map of the same size (not modified)
     * @param trueLabel      the label of the structure in {@code truth}
     * @param maxTilt        the tilt series' largest tilt in degrees, in (0, 90]
     * @throws IllegalArgumentException when the maps differ in size or the tilt is out of range
     */
    public static MissingWedgeRecall of(Volume predicted, int predictedLabel, Volume truth, int trueLabel,
                                        double maxTilt) {
        if (predicted.nx() != truth.nx() || predicted.ny() != truth.ny() || predicted.nz() != truth.nz()) {
            throw new IllegalArgumentException("label maps differ in size: " + predicted + " and " + truth);
        }
        if (!(maxTilt > 0 && maxTilt <= 90)) {
            throw new IllegalArgumentException("the largest tilt must be in (0, 90] degrees, got " + maxTilt);
        }
        double slope = Math.tan(Math.toRadians(90 - maxTilt));
        int nx = truth.nx();
        int ny = truth.ny();
        int nz = truth.nz();
        float[] t = truth.data();
        float[] p = predicted.data();
        float[] mask = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            mask[i] = t[i] == trueLabel ? 1 : 0;
        }
        GaussianFilter smooth = GaussianFilter.of(NORMAL_SIGMA);
        Volume s = smooth.apply(Volume.wrap(mask, nx, ny, nz));
        float[] gxx = new float[t.length];
        float[] gzz = new float[t.length];
        for (int z = 0, i = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++, i++) {
                    float gx = s.get(Math.min(nx - 1, x + 1), y, z) - s.get(Math.max(0, x - 1), y, z);
                    float gz = s.get(x, y, Math.min(nz - 1, z + 1)) - s.get(x, y, Math.max(0, z - 1));
                    gxx[i] = gx * gx;
                    gzz[i] = gz * gz;
                }
            }
        }
        // the x and z entries of the structure tensor: for a sheet, about n n^T times a constant
        float[] jxx = smooth.apply(Volume.wrap(gxx, nx, ny, nz)).data();
        float[] jzz = smooth.apply(Volume.wrap(gzz, nx, ny, nz)).data();
        long[] count = new long[2];
        long[] hit = new long[2];
        long predictedVoxels = 0;
        double slope2 = slope * slope;
        for (int i = 0; i < t.length; i++) {
            if (p[i] == predictedLabel) {
                predictedVoxels++;
            }
            if (mask[i] != 0) {
                int w = jxx[i] < jzz[i] * slope2 ? 0 : 1;
                count[w]++;
                if (p[i] == predictedLabel) {
                    hit[w]++;
                }
            }
        }
        // union of the visible truth and the prediction off the hidden truth
        long union = count[1] + (predictedVoxels - hit[0]) - hit[1];
        return new MissingWedgeRecall(count[0], count[0] == 0 ? Double.NaN : (double) hit[0] / count[0],
                count[1], count[1] == 0 ? Double.NaN : (double) hit[1] / count[1],
                count[1] == 0 ? Double.NaN : (double) hit[1] / union);
    }
}
