package org.cryomine.nn;

import java.util.AbstractList;
import java.util.List;
import org.cryomine.core.Volume;
import org.cryomine.core.filter.GaussianFilter;

/** The boxes as the autoencoder sees them with {@link Autoencoder3D#inputSmoothing()}: smoothed one at a time. */
final class InputSmoothing {

    private InputSmoothing() {
    }

    /**
     * {@code boxes} smoothed by a Gaussian of {@code sigma} voxels (scipy's reflect mode at the box faces), as a
     * list that smooths each box when it is read (a lazily loading list stays lazy); {@code boxes} itself when
     * {@code sigma} is 0. The boxes are not modified.
     */
    static List<Volume> of(List<Volume> boxes, double sigma) {
        if (!(sigma > 0)) {
            return boxes;
        }
        GaussianFilter filter = GaussianFilter.of(sigma).withThreads(1);
        return new AbstractList<>() {
            @Override
            public Volume get(int i) {
                Volume box = boxes.get(i);
                return filter.apply(box).withVoxelSize(box.voxelSize()).withOrigin(box.origin());
            }

            @Override
            public int size() {
                return boxes.size();
            }
        };
    }
}
