package org.cryomine.pipeline;

import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.pose.Pose;
import org.cryomine.core.pose.PoseNormalizer;

/**
 * A region of a tomogram held in memory ({@code data}, whose voxel (0, 0, 0) is the tomogram's voxel
 * (x0, y0, z0)) inside a tomogram of nx x ny x nz voxels, answering in the tomogram's coordinates exactly as
 * the whole in-memory tomogram would: boxes as {@link Volume#box} with {@code FILL_MEAN}, trilinear samples
 * as {@link Volume#interpolate}, pose-normalized boxes as {@link PoseNormalizer#normalize(java.util.List,
 * Volume)}. Callers make sure the window holds every tomogram voxel they touch ({@link #holdsBox},
 * {@link #holdsPoseSamples}).
 */
record RegionWindow(Volume data, int x0, int y0, int z0, int nx, int ny, int nz) {

    /** Whether every tomogram voxel of the cubic box around {@code c} is in the window. */
    boolean holdsBox(int[] c, int size) {
        return holds(c[0] - size / 2, c[0] - size / 2 + size - 1, c[1] - size / 2, c[1] - size / 2 + size - 1,
                c[2] - size / 2, c[2] - size / 2 + size - 1);
    }

    /** Whether the window holds the tomogram voxels in the given inclusive ranges (clipped to the tomogram). */
    boolean holds(int xa, int xb, int ya, int yb, int za, int zb) {
        return inside(xa, xb, x0, data.nx(), nx) && inside(ya, yb, y0, data.ny(), ny) && inside(za, zb, z0, data.nz(), nz);
    }

    private static boolean inside(int a, int b, int w0, int wn, int n) {
        int lo = Math.max(a, 0);
        int hi = Math.min(b, n - 1);
        return lo > hi || (lo >= w0 && hi < w0 + wn);
    }

    /**
     * The box around {@code c} as {@code tomogram.box(c, size, FILL_MEAN, fill)} gives it (voxels outside
     * the tomogram get {@code fill}); its voxel size is the window's, its origin that of the box in the window.
     */
    Volume box(int[] c, int size, float fill) {
        int bx = c[0] - size / 2;
        int by = c[1] - size / 2;
        int bz = c[2] - size / 2;
        float[] out = new float[size * size * size];
        float[] d = data.data();
        int wx = data.nx();
        int wy = data.ny();
        int i = 0;
        for (int z = bz; z < bz + size; z++) {
            for (int y = by; y < by + size; y++) {
                boolean row = z >= 0 && z < nz && y >= 0 && y < ny;
                int base = row ? (wx * ((y - y0) + wy * (z - z0))) - x0 : 0;
                for (int x = bx; x < bx + size; x++) {
                    out[i++] = row && x >= 0 && x < nx ? d[base + x] : fill;
                }
            }
        }
        var vs = data.voxelSize();
        Vec3 origin = data.origin().plus(new Vec3((bx - x0) * vs.x(), (by - y0) * vs.y(), (bz - z0) * vs.z()));
        return Volume.wrap(out, size, size, size, vs, origin);
    }

    /** {@link Volume#interpolate} of the whole tomogram at (x, y, z), in tomogram voxels. */
    float interpolate(double x, double y, double z, float outside) {
        return data.interpolateWithin(x0, y0, z0, nx, ny, nz, x, y, z, outside);
    }

    /**
     * The tomogram voxels (inclusive ranges x, y, z; unclipped) that pose-normalizing the box {@code box}
     * around {@code c} with {@code pose} reads: the sample positions are an affine map of the box's
     * voxels, so their extremes are at the box's corners; one voxel more for the interpolation.
     */
    static int[] poseSampleRange(int[] c, int size, Pose pose) {
        int h = size / 2;
        Vec3 t = new Vec3(c[0] - h, c[1] - h, c[2] - h).plus(pose.centreOfMass());
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int corner = 0; corner < 8; corner++) {
            double ox = ((corner & 1) == 0 ? 0 : size - 1) - h;
            double oy = ((corner & 2) == 0 ? 0 : size - 1) - h;
            double oz = ((corner & 4) == 0 ? 0 : size - 1) - h;
            double[] p = sample(t, pose, ox, oy, oz);
            for (int a = 0; a < 3; a++) {
                lo[a] = Math.min(lo[a], p[a]);
                hi[a] = Math.max(hi[a], p[a]);
            }
        }
        return new int[] {(int) Math.floor(lo[0]), (int) Math.floor(hi[0]) + 1, (int) Math.floor(lo[1]),
            (int) Math.floor(hi[1]) + 1, (int) Math.floor(lo[2]), (int) Math.floor(hi[2]) + 1};
    }

    private static double[] sample(Vec3 t, Pose pose, double ox, double oy, double oz) {
        Vec3 a = pose.axis1();
        Vec3 b = pose.axis2();
        Vec3 c = pose.axis3();
        return new double[] {t.x() + ox * a.x() + oy * b.x() + oz * c.x(), t.y() + ox * a.y() + oy * b.y() + oz * c.y(),
            t.z() + ox * a.z() + oy * b.z() + oz * c.z()};
    }

    /**
     * The box (raw, as {@link #box}) around {@code c} rotated into its principal axes by {@code pose}, resampled
     * from this window exactly as {@code PoseNormalizer} resamples from the whole tomogram ({@code outside}: the
     * tomogram's mean). The window must hold {@link #poseSampleRange}.
     */
    Volume poseNormalized(int[] c, Volume raw, Pose pose, float outside) {
        int n = raw.nx();
        int h = n / 2;
        float[] out = pose.resample(c[0] - h, c[1] - h, c[2] - h, n, n, n,
                (px, py, pz) -> interpolate(px, py, pz, outside));
        return Volume.wrap(out, n, n, n, raw.voxelSize(), raw.origin());
    }
}
