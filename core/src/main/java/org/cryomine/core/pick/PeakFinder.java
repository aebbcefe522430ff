package org.cryomine.core.pick;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.cryomine.core.Volume;
import org.cryomine.core.internal.Parallel;

/**
 * Local maxima of a response map in the 26-neighbourhood, and greedy strongest-first suppression of peaks
 * closer than a minimum distance using a uniform grid of cells (so each peak is checked only against the
 * accepted peaks in its 27 neighbouring cells). Stateless and thread-safe.
 */
public final class PeakFinder {

    private PeakFinder() {
    }

    /**
     * Every voxel of {@code response} whose value is at least that of each of its (up to) 26 neighbours
     * inside the volume, above at least one of them (so flat regions, e.g. a tomogram's constant padding,
     * give no peaks), and at least {@code threshold}; NaN voxels are never peaks and NaN neighbours are
     * ignored. The top of a plateau gives several peaks, which {@link #suppress} thins out. Peaks come in
     * z, y, x order. The response is not modified.
     *
     * <p>Fast path: a separable 3x3x3 maximum (along x, then y, then z over a ring of three slices, each step
     * over whole rows so that it vectorises) marks the candidates, voxels equal to their neighbourhood's
     * maximum (or next to a NaN), and each candidate is then confirmed by the direct 26-neighbour test
     * above, so the result is exactly that test's. Slabs of z slices are spread over {@code threads} threads.
     */
    public static List<Peak> localMaxima(Volume response, double threshold, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        int nx = response.nx();
        int ny = response.ny();
        int nz = response.nz();
        float[] d = response.data();
        int grain = Math.max(4, (nz + 4 * threads - 1) / (4 * threads));
        int chunks = (nz + grain - 1) / grain;
        List<List<Peak>> parts = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            parts.add(new ArrayList<>());
        }
        Parallel.forChunks(nz, threads, grain, () -> new Scratch(nx, ny), (s, z0, z1) -> {
            List<Peak> out = parts.get(z0 / grain);
            for (int z = Math.max(0, z0 - 1); z <= Math.min(nz - 1, z1); z++) {
                planeMax(d, nx, ny, z, s.ring[z % 3], s);
                int c = z - 1; // the slice whose z neighbours are now all in the ring
                if (c >= z0 && c < z1) {
                    scan(d, nx, ny, nz, c, s.ring, s.keep, threshold, out);
                }
            }
            if (z1 == nz) {
                scan(d, nx, ny, nz, nz - 1, s.ring, s.keep, threshold, out);
            }
        });
        List<Peak> all = new ArrayList<>();
        parts.forEach(all::addAll);
        return all;
    }

    /**
     * The 3x3 maximum (inside the slice; NaN where a NaN is in reach) of slice {@code z} into {@code plane}:
     * the maxima along x first, from the row and its copies shifted by one voxel either way, then combined
     * along y in place; every loop runs over whole rows at the same index, so C2 vectorises it.
     */
    private static void planeMax(float[] d, int nx, int ny, int z, float[][] plane, Scratch s) {
        float[] left = s.left;
        float[] right = s.right;
        float[] mid = s.keep;
        left[0] = Float.NEGATIVE_INFINITY;
        right[nx - 1] = Float.NEGATIVE_INFINITY;
        for (int y = 0; y < ny; y++) {
            int base = nx * (y + ny * z);
            System.arraycopy(d, base, mid, 0, nx);
            System.arraycopy(d, base, left, 1, nx - 1);
            System.arraycopy(d, base + 1, right, 0, nx - 1);
            float[] out = plane[y];
            for (int x = 0; x < nx; x++) {
                out[x] = Math.max(Math.max(left[x], mid[x]), right[x]);
            }
        }
        float[] before = s.before; // the x maxima of row y - 1, kept before that row was overwritten
        float[] keep = s.keep;
        for (int y = 0; y < ny; y++) {
            float[] cur = plane[y];
            System.arraycopy(cur, 0, keep, 0, nx);
            float[] last = y > 0 ? before : cur;
            float[] next = y + 1 < ny ? plane[y + 1] : cur;
            for (int x = 0; x < nx; x++) {
                cur[x] = Math.max(Math.max(last[x], cur[x]), next[x]);
            }
            float[] t = before;
            before = keep;
            keep = t;
        }
    }

    /** Candidates of slice {@code z} (its 3x3 maxima of z-1, z, z+1 are in the ring), confirmed one by one. */
    private static void scan(float[] d, int nx, int ny, int nz, int z, float[][][] ring, float[] row, double threshold,
                             List<Peak> out) {
        float[][] below = ring[Math.max(z - 1, 0) % 3];
        float[][] here = ring[z % 3];
        float[][] above = ring[Math.min(z + 1, nz - 1) % 3];
        for (int y = 0; y < ny; y++) {
            float[] a = below[y];
            float[] b = here[y];
            float[] c = above[y];
            for (int x = 0; x < nx; x++) {
                row[x] = Math.max(Math.max(a[x], b[x]), c[x]);
            }
            int base = nx * (y + ny * z);
            for (int x = 0; x < nx; x++) {
                float v = d[base + x];
                float m = row[x];
                if ((v >= m || m != m) && v >= threshold && isMax(d, nx, ny, nz, x, y, z, v)) {
                    out.add(new Peak(x, y, z, v));
                }
            }
        }
    }

    /** Per-thread buffers of {@link #localMaxima}: 3x3 maxima of three slices and a few rows. */
    private static final class Scratch {
        final float[][][] ring;
        final float[] before;
        final float[] keep;
        final float[] left;
        final float[] right;

        Scratch(int nx, int ny) {
            ring = new float[3][ny][nx];
            before = new float[nx];
            keep = new float[nx];
            left = new float[nx];
            right = new float[nx];
        }
    }

    private static boolean isMax(float[] d, int nx, int ny, int nz, int x, int y, int z, float v) {
        int z0 = Math.max(z - 1, 0);
        int z1 = Math.min(z + 1, nz - 1);
        int y0 = Math.max(y - 1, 0);
        int y1 = Math.min(y + 1, ny - 1);
        int x0 = Math.max(x - 1, 0);
        int x1 = Math.min(x + 1, nx - 1);
        boolean aboveOne = false;
        for (int zz = z0; zz <= z1; zz++) {
            for (int yy = y0; yy <= y1; yy++) {
                int base = nx * (yy + ny * zz);
                for (int xx = x0; xx <= x1; xx++) {
                    float w = d[base + xx];
                    if (w > v) {
                        return false;
                    }
                    aboveOne |= w < v;
                }
            }
        }
        return aboveOne;
    }

    /**
     * Greedy non-maximum suppression: peaks sorted by decreasing score (ties by position, so the result is
     * deterministic) are accepted unless an accepted peak lies closer than {@code minDistance} voxels.
     * Returns the accepted peaks, strongest first. Runs in about O(n log n) for n peaks.
     */
    public static List<Peak> suppress(List<Peak> peaks, double minDistance) {
        return suppress(peaks, minDistance, null);
    }

    /**
     * Greedy non-maximum suppression with a distance per pair, for peaks found at several scales: peaks sorted by
     * decreasing score (ties by position) are accepted unless an accepted peak lies closer than
     * {@code max(minDistance, radius(p), radius(q))} voxels, where {@code radius} gives a peak's own suppression
     * radius in voxels (e.g. proportional to the scale it was found at). Returns the accepted peaks, strongest
     * first. With a null {@code radius}, every pair is kept {@code minDistance} apart.
     */
    public static List<Peak> suppress(List<Peak> peaks, double minDistance, ToDoubleFunction<Peak> radius) {
        if (!(minDistance >= 0) || !Double.isFinite(minDistance)) {
            throw new IllegalArgumentException("minimum distance must be a finite number of voxels >= 0, got " + minDistance);
        }
        List<Peak> sorted = new ArrayList<>(peaks);
        sorted.sort(Comparator.comparingDouble(Peak::score).reversed()
                .thenComparingInt(Peak::z).thenComparingInt(Peak::y).thenComparingInt(Peak::x));
        double[] own = new double[sorted.size()];
        double cell = minDistance;
        for (int i = 0; i < own.length; i++) {
            own[i] = radius == null ? 0 : radius.applyAsDouble(sorted.get(i));
            if (!(own[i] >= 0) || !Double.isFinite(own[i])) {
                throw new IllegalArgumentException("a peak's suppression radius must be a finite number of voxels >= 0,"
                        + " got " + own[i] + " for " + sorted.get(i));
            }
            cell = Math.max(cell, own[i]);
        }
        if (cell == 0 || sorted.isEmpty()) {
            return sorted;
        }
        java.util.Map<Long, List<Integer>> grid = new java.util.HashMap<>();
        List<Peak> accepted = new ArrayList<>();
        for (int i = 0; i < own.length; i++) {
            Peak p = sorted.get(i);
            long cx = (long) Math.floor(p.x() / cell);
            long cy = (long) Math.floor(p.y() / cell);
            long cz = (long) Math.floor(p.z() / cell);
            boolean free = true;
            search:
            for (long dz = -1; dz <= 1; dz++) {
                for (long dy = -1; dy <= 1; dy++) {
                    for (long dx = -1; dx <= 1; dx++) {
                        List<Integer> there = grid.get(key(cx + dx, cy + dy, cz + dz));
                        if (there == null) {
                            continue;
                        }
                        for (int j : there) {
                            Peak q = sorted.get(j);
                            double ex = p.x() - q.x();
                            double ey = p.y() - q.y();
                            double ez = p.z() - q.z();
                            double d = Math.max(minDistance, Math.max(own[i], own[j]));
                            if (ex * ex + ey * ey + ez * ez < d * d) {
                                free = false;
                                break search;
                            }
                        }
                    }
                }
            }
            if (free) {
                accepted.add(p);
                grid.computeIfAbsent(key(cx, cy, cz), k -> new ArrayList<>(2)).add(i);
            }
        }
        return accepted;
    }

    /**
     * The largest value of {@code d} (an nx x ny x nz volume, x fastest) in the 3x3x3 neighbourhood of (x, y, z)
     * clipped to the volume, NaN voxels ignored (negative infinity when all are NaN).
     */
    static float neighbourhoodMax(float[] d, int nx, int ny, int nz, int x, int y, int z) {
        float best = Float.NEGATIVE_INFINITY;
        for (int zz = Math.max(z - 1, 0); zz <= Math.min(z + 1, nz - 1); zz++) {
            for (int yy = Math.max(y - 1, 0); yy <= Math.min(y + 1, ny - 1); yy++) {
                int base = nx * (yy + ny * zz);
                for (int xx = Math.max(x - 1, 0); xx <= Math.min(x + 1, nx - 1); xx++) {
                    float w = d[base + xx];
                    if (w > best) {
                        best = w;
                    }
                }
            }
        }
        return best;
    }

    private static long key(long cx, long cy, long cz) {
        return ((cz + (1 << 20)) << 42) | ((cy + (1 << 20)) << 21) | (cx + (1 << 20));
    }
}
