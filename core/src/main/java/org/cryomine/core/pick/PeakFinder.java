package org.cryomine.core.pick;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
     * give no peaks), and at least {@code threshold}. The top of a plateau gives several peaks, which
     * {@link #suppress} thins out. The response is not modified.
     */
    public static List<Peak> localMaxima(Volume response, double threshold, int threads) {
        int nx = response.nx();
        int ny = response.ny();
        int nz = response.nz();
        float[] d = response.data();
        List<List<Peak>> parts = new ArrayList<>();
        int chunks = Math.max(1, Math.min(threads, nz));
        for (int i = 0; i < chunks; i++) {
            parts.add(new ArrayList<>());
        }
        Parallel.forRange(chunks, chunks, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                int zFrom = (int) ((long) nz * c / chunks);
                int zTo = (int) ((long) nz * (c + 1) / chunks);
                List<Peak> out = parts.get(c);
                for (int z = zFrom; z < zTo; z++) {
                    for (int y = 0; y < ny; y++) {
                        int base = nx * (y + ny * z);
                        for (int x = 0; x < nx; x++) {
                            float v = d[base + x];
                            if (v >= threshold && isMax(d, nx, ny, nz, x, y, z, v)) {
                                out.add(new Peak(x, y, z, v));
                            }
                        }
                    }
                }
            }
        });
        List<Peak> all = new ArrayList<>();
        parts.forEach(all::addAll);
        return all;
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
        if (!(minDistance >= 0) || !Double.isFinite(minDistance)) {
            throw new IllegalArgumentException("minimum distance must be a finite number of voxels >= 0, got " + minDistance);
        }
        List<Peak> sorted = new ArrayList<>(peaks);
        sorted.sort(Comparator.comparingDouble(Peak::score).reversed()
                .thenComparingInt(Peak::z).thenComparingInt(Peak::y).thenComparingInt(Peak::x));
        if (minDistance == 0 || sorted.isEmpty()) {
            return sorted;
        }
        double cell = minDistance;
        java.util.Map<Long, List<Peak>> grid = new java.util.HashMap<>();
        List<Peak> accepted = new ArrayList<>();
        double min2 = minDistance * minDistance;
        for (Peak p : sorted) {
            long cx = (long) Math.floor(p.x() / cell);
            long cy = (long) Math.floor(p.y() / cell);
            long cz = (long) Math.floor(p.z() / cell);
            boolean free = true;
            search:
            for (long dz = -1; dz <= 1; dz++) {
                for (long dy = -1; dy <= 1; dy++) {
                    for (long dx = -1; dx <= 1; dx++) {
                        List<Peak> there = grid.get(key(cx + dx, cy + dy, cz + dz));
                        if (there == null) {
                            continue;
                        }
                        for (Peak q : there) {
                            double ex = p.x() - q.x();
                            double ey = p.y() - q.y();
                            double ez = p.z() - q.z();
                            if (ex * ex + ey * ey + ez * ez < min2) {
                                free = false;
                                break search;
                            }
                        }
                    }
                }
            }
            if (free) {
                accepted.add(p);
                grid.computeIfAbsent(key(cx, cy, cz), k -> new ArrayList<>(2)).add(p);
            }
        }
        return accepted;
    }

    private static long key(long cx, long cy, long cz) {
        return ((cz + (1 << 20)) << 42) | ((cy + (1 << 20)) << 21) | (cx + (1 << 20));
    }
}
