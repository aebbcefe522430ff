package org.cryomine.core.accel;

import java.util.List;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.Peak;
import org.cryomine.core.pick.PeakFinder;

/**
 * A signed DoG response computed by an accelerator and held in its memory (see {@link
 * DogAccelerator#compute}), from which the caller reads what it needs; it holds native resources, so close
 * it (try-with-resources; closing twice is harmless). Not thread-safe: use it from one thread at a time.
 */
public interface DogComputation extends AutoCloseable {

    /** Number of voxels of the response (nx ny nz of the tomogram). */
    int voxelCount();

    /**
     * Every {@code step}-th value of the response in index order (x fastest): element j is voxel
     * {@code j * step}; {@code ceil(voxelCount / step)} values in a new array.
     *
     * @throws IllegalArgumentException for a step below 1
     */
    float[] sample(int step);

    /**
     * The local maxima of the response exactly as {@link PeakFinder#localMaxima(Volume, double, int)} defines
     * them (at least every neighbour inside the volume, above at least one, and at least {@code threshold}),
     * in index order (z, then y, then x). A new list.
     */
    List<Peak> localMaxima(double threshold);

    /** The whole response as a new volume with the tomogram's voxel size and origin. */
    Volume response();

    /** Frees the accelerator memory; later calls to the other methods throw {@link IllegalStateException}. */
    @Override
    void close();
}
