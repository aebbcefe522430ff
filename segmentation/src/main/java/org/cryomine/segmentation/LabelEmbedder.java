package org.cryomine.segmentation;

import java.util.List;
import org.cryomine.core.Volume;

/**
 * Embeds labelled images into a tomogram-sized label map (the paper's Figs. 5 and 7): the dense voxels of
 * each placed image (by a {@link DensityThreshold}) get the placement's label. Where placements overlap,
 * the voxel takes the label of the image that is densest there, so the result does not depend on the
 * order of the placements except for exact ties (then the earlier placement wins). Parts of an image that
 * fall outside the tomogram are ignored.
 */
public final class LabelEmbedder {

    private final DensityThreshold threshold;

    public LabelEmbedder(DensityThreshold threshold) {
        this.threshold = java.util.Objects.requireNonNull(threshold, "threshold");
    }

    /**
     * A new label volume of {@code nx x ny x nz} voxels (0 background, labels as placed), with
     * {@code like}'s voxel size and origin when {@code like} is not null.
     */
    public Volume embed(int nx, int ny, int nz, List<Placement> placements, Volume like) {
        Volume labels = Volume.zeros(nx, ny, nz);
        if (like != null) {
            labels = labels.withVoxelSize(like.voxelSize()).withOrigin(like.origin());
        }
        float[] out = labels.data();
        float[] strength = new float[out.length];
        java.util.Arrays.fill(strength, Float.NEGATIVE_INFINITY);
        for (Placement p : placements) {
            paint(p, labels, out, strength);
        }
        return labels;
    }

    private void paint(Placement p, Volume labels, float[] out, float[] strength) {
        Volume img = p.image();
        int x0 = p.cx() - img.nx() / 2;
        int y0 = p.cy() - img.ny() / 2;
        int z0 = p.cz() - img.nz() / 2;
        float[] src = img.data();
        int i = 0;
        for (int z = 0; z < img.nz(); z++) {
            for (int y = 0; y < img.ny(); y++) {
                for (int x = 0; x < img.nx(); x++, i++) {
                    int tx = x0 + x;
                    int ty = y0 + y;
                    int tz = z0 + z;
                    if (!labels.contains(tx, ty, tz)) {
                        continue;
                    }
                    double d = threshold.density(src[i]);
                    int t = labels.index(tx, ty, tz);
                    if (d > threshold.level() && d > strength[t]) {
                        strength[t] = (float) d;
                        out[t] = p.label();
                    }
                }
            }
        }
    }
}
