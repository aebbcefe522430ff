package org.cryomine.core;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A 3-D grid of float32 values with x fastest, then y, then z (as in MRC): the voxel (x, y, z) is at
 * index {@code x + nx * (y + ny * z)} of {@link #data()}.
 *
 * <p>The dimensions, voxel size (Å per voxel along each axis) and origin (Å) are immutable; the voxel
 * values are a plain array that is <em>shared</em>, not copied, by {@link #wrap}, {@link #data()},
 * {@link #withVoxelSize} and {@link #withOrigin}. Everything else that returns a volume returns a new
 * array. A volume holds at most {@value #MAX_VOXELS} voxels in memory; larger files are read by region.
 *
 * <p>Not thread-safe for writes; concurrent reads are fine.
 */
public final class Volume {

    /** Largest number of voxels a single in-memory volume may hold (a Java array's limit). */
    public static final int MAX_VOXELS = Integer.MAX_VALUE - 8;

    private final int nx;
    private final int ny;
    private final int nz;
    private final float[] data;
    private final VoxelSize voxelSize;
    private final Vec3 origin;

    private Volume(float[] data, int nx, int ny, int nz, VoxelSize voxelSize, Vec3 origin) {
        long count = voxelCount(nx, ny, nz);
        if (data.length != count) {
            throw new IllegalArgumentException("data holds " + data.length + " values but " + nx + "x" + ny + "x" + nz
                    + " needs " + count);
        }
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.data = data;
        this.voxelSize = Objects.requireNonNull(voxelSize, "voxelSize");
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /**
     * Number of voxels of an nx x ny x nz volume, after checking that the sizes are positive and that it
     * fits in memory.
     *
     * @throws IllegalArgumentException for a size below 1 or more than {@link #MAX_VOXELS} voxels
     */
    public static int voxelCount(int nx, int ny, int nz) {
        if (nx < 1 || ny < 1 || nz < 1) {
            throw new IllegalArgumentException("volume sizes must be at least 1, got " + nx + "x" + ny + "x" + nz);
        }
        // three ints can overflow a long (2^28 x 2^28 x 256 = 2^64 wraps to 0): multiply exactly
        long count;
        try {
            count = Math.multiplyExact(Math.multiplyExact((long) nx, (long) ny), (long) nz);
        } catch (ArithmeticException e) {
            count = Long.MAX_VALUE;
        }
        if (count > MAX_VOXELS) {
            throw new IllegalArgumentException(nx + "x" + ny + "x" + nz + " = "
                    + (count == Long.MAX_VALUE ? "more than 2^63" : Long.toString(count))
                    + " voxels do not fit in one in-memory volume (at most " + MAX_VOXELS + "); read the file by region");
        }
        return (int) count;
    }

    // ---------------------------------------------------------------- factories

    /** A new volume of zeros, 1 Å voxels, origin 0. */
    public static Volume zeros(int nx, int ny, int nz) {
        return new Volume(new float[voxelCount(nx, ny, nz)], nx, ny, nz, VoxelSize.ONE_ANGSTROM, Vec3.ZERO);
    }

    /** A new volume with every voxel equal to {@code value}. */
    public static Volume filled(int nx, int ny, int nz, float value) {
        Volume v = zeros(nx, ny, nz);
        Arrays.fill(v.data, value);
        return v;
    }

    /** Wraps {@code data} (x fastest) without copying: later changes to the array show in the volume. */
    public static Volume wrap(float[] data, int nx, int ny, int nz) {
        return new Volume(Objects.requireNonNull(data, "data"), nx, ny, nz, VoxelSize.ONE_ANGSTROM, Vec3.ZERO);
    }

    /** Wraps {@code data} (x fastest) without copying, with the given voxel size and origin (Å). */
    public static Volume wrap(float[] data, int nx, int ny, int nz, VoxelSize voxelSize, Vec3 origin) {
        return new Volume(Objects.requireNonNull(data, "data"), nx, ny, nz, voxelSize, origin);
    }

    /** A new volume holding a copy of {@code data} (x fastest). */
    public static Volume copyOf(float[] data, int nx, int ny, int nz) {
        return wrap(data.clone(), nx, ny, nz);
    }

    /** A new volume whose voxel (x, y, z) is {@code f.value(x, y, z)}: handy in JShell. */
    public static Volume fromFunction(int nx, int ny, int nz, VoxelFunction f) {
        Volume v = zeros(nx, ny, nz);
        int i = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    v.data[i++] = f.value(x, y, z);
                }
            }
        }
        return v;
    }

    /** A new volume of independent standard normal values drawn with the given seed. */
    public static Volume gaussianNoise(int nx, int ny, int nz, long seed) {
        Volume v = zeros(nx, ny, nz);
        org.cryomine.core.stats.NormalDeviates.fill(v.data, 0, v.data.length, new SplittableRandom(seed));
        return v;
    }

    /** Value of a voxel as a function of its integer coordinates. */
    @FunctionalInterface
    public interface VoxelFunction {
        float value(int x, int y, int z);
    }

    // ---------------------------------------------------------------- accessors

    public int nx() {
        return nx;
    }

    public int ny() {
        return ny;
    }

    public int nz() {
        return nz;
    }

    /** A new array {nx, ny, nz}. */
    public int[] shape() {
        return new int[] {nx, ny, nz};
    }

    public int voxelCount() {
        return data.length;
    }

    /** Å per voxel along x, y and z. */
    public VoxelSize voxelSize() {
        return voxelSize;
    }

    /** Position of voxel (0, 0, 0) in Å, as the MRC header's origin. */
    public Vec3 origin() {
        return origin;
    }

    /** The live voxel array, x fastest: shared, not copied. */
    public float[] data() {
        return data;
    }

    /** Index of voxel (x, y, z) in {@link #data()}; no bounds check. */
    public int index(int x, int y, int z) {
        return x + nx * (y + ny * z);
    }

    public boolean contains(int x, int y, int z) {
        return x >= 0 && y >= 0 && z >= 0 && x < nx && y < ny && z < nz;
    }

    public float get(int x, int y, int z) {
        checkInside(x, y, z);
        return data[index(x, y, z)];
    }

    /** Sets one voxel; modifies this volume. */
    public void set(int x, int y, int z, float value) {
        checkInside(x, y, z);
        data[index(x, y, z)] = value;
    }

    private void checkInside(int x, int y, int z) {
        if (!contains(x, y, z)) {
            throw new IndexOutOfBoundsException("voxel (" + x + ", " + y + ", " + z + ") is outside the "
                    + nx + "x" + ny + "x" + nz + " volume");
        }
    }

    /** The same voxels (shared array) with another voxel size. */
    public Volume withVoxelSize(VoxelSize newVoxelSize) {
        return new Volume(data, nx, ny, nz, newVoxelSize, origin);
    }

    /** The same voxels (shared array) with another origin in Å. */
    public Volume withOrigin(Vec3 newOrigin) {
        return new Volume(data, nx, ny, nz, voxelSize, newOrigin);
    }

    /** A deep copy: new array, same metadata. */
    public Volume copy() {
        return new Volume(data.clone(), nx, ny, nz, voxelSize, origin);
    }

    /** Min, max, mean and rms of the voxels, computed now (the array may have changed since last time). */
    public VolumeStatistics statistics() {
        return VolumeStatistics.of(data);
    }

    /** True when some voxel is NaN or infinite. */
    public boolean hasNonFiniteValues() {
        for (float v : data) {
            if (!Float.isFinite(v)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- regions

    /**
     * Whether a box of sx x sy x sz voxels around {@code (cx, cy, cz)} lies inside the volume. The box
     * starts at {@code c - s/2} (integer division) along each axis, so the centre voxel is at index
     * {@code s/2} of the box.
     */
    public boolean boxFits(int cx, int cy, int cz, int sx, int sy, int sz) {
        int x0 = cx - sx / 2;
        int y0 = cy - sy / 2;
        int z0 = cz - sz / 2;
        return x0 >= 0 && y0 >= 0 && z0 >= 0 && x0 + sx <= nx && y0 + sy <= ny && z0 + sz <= nz;
    }

    /**
     * Copies a box of sx x sy x sz voxels around {@code (cx, cy, cz)} (see {@link #boxFits} for where it
     * starts). Where the box leaves the volume, {@code policy} decides: {@code SKIP} returns empty,
     * {@code FILL_MEAN} fills with this volume's mean, {@code MIRROR} reflects at the faces. The result
     * has this volume's voxel size and an origin that keeps its voxels at the same place in Å.
     */
    public Optional<Volume> box(int cx, int cy, int cz, int sx, int sy, int sz, BoundaryPolicy policy) {
        boolean fits = boxFits(cx, cy, cz, sx, sy, sz);
        if (!fits && policy == BoundaryPolicy.SKIP) {
            return Optional.empty();
        }
        float fill = !fits && policy == BoundaryPolicy.FILL_MEAN ? (float) statistics().mean() : 0f;
        return box(cx, cy, cz, sx, sy, sz, policy, fill);
    }

    /**
     * As {@link #box(int, int, int, int, int, int, BoundaryPolicy)}, with the value used by
     * {@code FILL_MEAN} given by the caller (so the mean is computed once for many boxes).
     */
    public Optional<Volume> box(int cx, int cy, int cz, int sx, int sy, int sz, BoundaryPolicy policy, float fill) {
        Objects.requireNonNull(policy, "policy");
        voxelCount(sx, sy, sz);
        int x0 = cx - sx / 2;
        int y0 = cy - sy / 2;
        int z0 = cz - sz / 2;
        boolean fits = boxFits(cx, cy, cz, sx, sy, sz);
        if (!fits && policy == BoundaryPolicy.SKIP) {
            return Optional.empty();
        }
        float[] out = new float[sx * sy * sz];
        int i = 0;
        for (int z = z0; z < z0 + sz; z++) {
            for (int y = y0; y < y0 + sy; y++) {
                if (fits) {
                    System.arraycopy(data, index(x0, y, z), out, i, sx);
                    i += sx;
                    continue;
                }
                for (int x = x0; x < x0 + sx; x++) {
                    out[i++] = outsideAware(x, y, z, policy, fill);
                }
            }
        }
        Vec3 boxOrigin = origin.plus(new Vec3(x0 * voxelSize.x(), y0 * voxelSize.y(), z0 * voxelSize.z()));
        return Optional.of(new Volume(out, sx, sy, sz, voxelSize, boxOrigin));
    }

    private float outsideAware(int x, int y, int z, BoundaryPolicy policy, float fill) {
        if (contains(x, y, z)) {
            return data[index(x, y, z)];
        }
        if (policy == BoundaryPolicy.MIRROR) {
            return data[index(reflect(x, nx), reflect(y, ny), reflect(z, nz))];
        }
        return fill;
    }

    /**
     * Index {@code i} reflected into [0, n) as scipy.ndimage's mode 'reflect' does
     * ({@code d c b a | a b c d | d c b a}), for any integer {@code i}.
     */
    public static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }

    /** A copy of the region starting at (x0, y0, z0) of sx x sy x sz voxels, which must lie inside. */
    public Volume crop(int x0, int y0, int z0, int sx, int sy, int sz) {
        if (x0 < 0 || y0 < 0 || z0 < 0 || sx < 1 || sy < 1 || sz < 1
                || (long) x0 + sx > nx || (long) y0 + sy > ny || (long) z0 + sz > nz) {
            throw new IllegalArgumentException("region at (" + x0 + ", " + y0 + ", " + z0 + ") of " + sx + "x" + sy + "x" + sz
                    + " is not inside the " + nx + "x" + ny + "x" + nz + " volume");
        }
        return box(x0 + sx / 2, y0 + sy / 2, z0 + sz / 2, sx, sy, sz, BoundaryPolicy.SKIP).orElseThrow();
    }

    /**
     * Trilinear interpolation at a position in voxels (voxel centres at integer coordinates); positions
     * outside [0, n-1] along any axis return {@code outside}.
     */
    public float interpolate(double x, double y, double z, float outside) {
        return interpolateWithin(0, 0, 0, nx, ny, nz, x, y, z, outside);
    }

    /**
     * {@link #interpolate} of a larger volume of {@code fullNx x fullNy x fullNz} voxels of which this volume
     * holds the part whose voxel (0, 0, 0) is the larger one's (x0, y0, z0): the position is in the larger
     * volume's voxels, and the larger volume's faces decide what is outside, so the result equals
     * {@code larger.interpolate(x, y, z, outside)}. This volume must hold every voxel that reads (the 2 x 2 x 2
     * neighbours of the position, clamped at the larger volume's faces).
     */
    public float interpolateWithin(int x0, int y0, int z0, int fullNx, int fullNy, int fullNz, double x, double y,
                                   double z, float outside) {
        if (!(x >= 0 && y >= 0 && z >= 0 && x <= fullNx - 1 && y <= fullNy - 1 && z <= fullNz - 1)) {
            return outside;
        }
        int xa = Math.min((int) x, Math.max(fullNx - 2, 0));
        int ya = Math.min((int) y, Math.max(fullNy - 2, 0));
        int za = Math.min((int) z, Math.max(fullNz - 2, 0));
        double fx = x - xa;
        double fy = y - ya;
        double fz = z - za;
        int xb = Math.min(xa + 1, fullNx - 1) - x0;
        int yb = Math.min(ya + 1, fullNy - 1) - y0;
        int zb = Math.min(za + 1, fullNz - 1) - z0;
        xa -= x0;
        ya -= y0;
        za -= z0;
        double c00 = lerp(data[index(xa, ya, za)], data[index(xb, ya, za)], fx);
        double c10 = lerp(data[index(xa, yb, za)], data[index(xb, yb, za)], fx);
        double c01 = lerp(data[index(xa, ya, zb)], data[index(xb, ya, zb)], fx);
        double c11 = lerp(data[index(xa, yb, zb)], data[index(xb, yb, zb)], fx);
        return (float) lerp(lerp(c00, c10, fy), lerp(c01, c11, fy), fz);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    @Override
    public String toString() {
        return "Volume[" + nx + "x" + ny + "x" + nz + ", voxel " + voxelSize.x() + "x" + voxelSize.y() + "x"
                + voxelSize.z() + " Å]";
    }
}
