package org.cryomine.core.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.core.pick.RegionSource;

/**
 * A {@link RegionSource} that records the depth (z size) of every region read from the source it wraps, so
 * tests can prove that out-of-core code never reads the whole tomogram. Thread-safe.
 */
public final class CountingRegionSource implements RegionSource {

    private final RegionSource inner;
    private final List<Integer> depths = Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicLong voxels = new java.util.concurrent.atomic.AtomicLong();

    public CountingRegionSource(RegionSource inner) {
        this.inner = inner;
    }

    /** Voxels read so far, over all regions. */
    public long voxels() {
        return voxels.get();
    }

    /** Depths of the regions read so far, in order. */
    public List<Integer> depths() {
        synchronized (depths) {
            return List.copyOf(depths);
        }
    }

    @Override
    public int nx() {
        return inner.nx();
    }

    @Override
    public int ny() {
        return inner.ny();
    }

    @Override
    public int nz() {
        return inner.nz();
    }

    @Override
    public VoxelSize voxelSize() {
        return inner.voxelSize();
    }

    @Override
    public Volume read(int x0, int y0, int z0, int sx, int sy, int sz) {
        depths.add(sz);
        voxels.addAndGet((long) sx * sy * sz);
        return inner.read(x0, y0, z0, sx, sy, sz);
    }
}
