package org.cryomine.core.stats;

import java.util.Objects;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.core.pick.RegionSource;

/**
 * An affine change of intensities {@code v -> v * scale + offset}, computed in double and stored in float32, e.g.
 * {@link IntensityStatistics#mapTo}'s.
 *
 * @param scale  factor, finite and positive (a change of contrast sign is the contrast setting's business)
 * @param offset added after scaling, in the target units; finite
 */
public record IntensityMap(double scale, double offset) {

    /** The identity. */
    public static final IntensityMap IDENTITY = new IntensityMap(1, 0);

    public IntensityMap {
        if (!(scale > 0) || !Double.isFinite(scale) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("an intensity map needs a finite positive scale and a finite offset, got "
                    + "scale " + scale + ", offset " + offset);
        }
    }

    /** Whether this map changes nothing. */
    public boolean isIdentity() {
        return scale == 1 && offset == 0;
    }

    /** Maps every voxel of {@code volume} in place and returns it. */
    public Volume applyInPlace(Volume volume) {
        float[] d = volume.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (d[i] * scale + offset);
        }
        return volume;
    }

    /** {@code source} with every region it reads mapped (regions are new volumes, as {@link RegionSource} says). */
    public RegionSource over(RegionSource source) {
        Objects.requireNonNull(source, "source");
        if (isIdentity()) {
            return source;
        }
        IntensityMap map = this;
        return new RegionSource() {
            @Override
            public int nx() {
                return source.nx();
            }

            @Override
            public int ny() {
                return source.ny();
            }

            @Override
            public int nz() {
                return source.nz();
            }

            @Override
            public VoxelSize voxelSize() {
                return source.voxelSize();
            }

            @Override
            public Volume read(int x0, int y0, int z0, int sx, int sy, int sz) {
                return map.applyInPlace(source.read(x0, y0, z0, sx, sy, sz));
            }

            @Override
            public String toString() {
                return source + " mapped by " + map;
            }
        };
    }
}
