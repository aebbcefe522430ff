package org.cryomine.cli.pipeline;

import java.util.Objects;
import org.cryomine.core.pick.SubvolumePicker;
import org.cryomine.nn.Autoencoder3D;
import org.cryomine.nn.CodeAveraging;

/**
 * Settings of {@code cryomine mine}: how to pick, whether to pose-normalize, the autoencoder, and the
 * clustering. Immutable; validated on construction.
 *
 * @param picker        the DoG picker (its box size must equal the autoencoder's)
 * @param gridStep      also cut boxes on a regular grid with this step in voxels (0: DoG picks only);
 *                      grid boxes catch surfaces that DoG blobs miss
 * @param poseNormalize pose-normalize the boxes before training
 * @param autoencoder   the network and its training settings
 * @param codeAveraging which codes k-means clusters: the boxes' own ({@link CodeAveraging#NONE}, the paper's)
 *                      or the mean over their eight axis flips ({@link CodeAveraging#FLIPS})
 * @param k             number of k-means clusters
 * @param restarts      k-means restarts (the best inertia is kept)
 * @param seed          seed of k-means and of the code map
 */
public record MineOptions(SubvolumePicker picker, int gridStep, boolean poseNormalize, Autoencoder3D autoencoder,
                          CodeAveraging codeAveraging, int k, int restarts, long seed) {

    public MineOptions {
        Objects.requireNonNull(picker, "picker");
        Objects.requireNonNull(autoencoder, "autoencoder");
        Objects.requireNonNull(codeAveraging, "codeAveraging");
        if (gridStep < 0) {
            throw new IllegalArgumentException("grid step must be 0 (off) or positive, got " + gridStep);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (restarts < 1) {
            throw new IllegalArgumentException("k-means restarts must be at least 1, got " + restarts);
        }
        if (autoencoder.boxX() != picker.boxSize() || autoencoder.boxY() != picker.boxSize()
                || autoencoder.boxZ() != picker.boxSize()) {
            throw new IllegalArgumentException("the picker cuts " + picker.boxSize() + "^3 boxes but the autoencoder takes "
                    + autoencoder.boxX() + "x" + autoencoder.boxY() + "x" + autoencoder.boxZ());
        }
    }

    /** Cubic box edge in voxels. */
    public int boxSize() {
        return picker.boxSize();
    }
}
