package org.cryomine.core.simulate;

/**
 * Places shapes into a density map and a label map without overlaps: a shape is accepted only if no
 * labelled voxel lies within {@code margin} voxels of its surface. Package-private; not thread-safe.
 */
final class Placer {

    private final int nx;
    private final int ny;
    private final int nz;
    final float[] density;
    final byte[] labels;
    private final double margin;

    Placer(int nx, int ny, int nz, double margin) {
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.density = new float[nx * ny * nz];
        this.labels = new byte[nx * ny * nz];
        this.margin = margin;
    }

    /** Places the shape if it overlaps nothing; returns whether it was placed. */
    boolean tryPlace(Shape s, ObjectClass cls) {
        int[] box = bounds(s, margin);
        if (box == null) {
            return false;
        }
        int ci = index((int) Math.round(s.centre.x()), (int) Math.round(s.centre.y()), (int) Math.round(s.centre.z()));
        if (ci >= 0 && labels[ci] != 0) {
            return false;
        }
        for (int z = box[4]; z <= box[5]; z++) {
            for (int y = box[2]; y <= box[3]; y++) {
                for (int x = box[0]; x <= box[1]; x++) {
                    int i = x + nx * (y + ny * z);
                    if (labels[i] != 0 && distance(s, x, y, z) <= margin) {
                        return false;
                    }
                }
            }
        }
        byte label = (byte) cls.label();
        for (int z = box[4]; z <= box[5]; z++) {
            for (int y = box[2]; y <= box[3]; y++) {
                for (int x = box[0]; x <= box[1]; x++) {
                    double dx = x - s.centre.x();
                    double dy = y - s.centre.y();
                    double dz = z - s.centre.z();
                    double lx = s.localX(dx, dy, dz);
                    double ly = s.localY(dx, dy, dz);
                    double lz = s.localZ(dx, dy, dz);
                    int i = x + nx * (y + ny * z);
                    if (s.distance(lx, ly, lz) <= 0) {
                        labels[i] = label;
                    }
                    density[i] += (float) s.density(lx, ly, lz);
                }
            }
        }
        return true;
    }

    private int index(int x, int y, int z) {
        if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) {
            return -1;
        }
        return x + nx * (y + ny * z);
    }

    private static double distance(Shape s, int x, int y, int z) {
        double dx = x - s.centre.x();
        double dy = y - s.centre.y();
        double dz = z - s.centre.z();
        return s.distance(s.localX(dx, dy, dz), s.localY(dx, dy, dz), s.localZ(dx, dy, dz));
    }

    /** {x0, x1, y0, y1, z0, z1} inclusive, clipped to the volume, or null when empty. */
    private int[] bounds(Shape s, double extra) {
        int[] b = new int[6];
        double[] c = {s.centre.x(), s.centre.y(), s.centre.z()};
        int[] n = {nx, ny, nz};
        for (int a = 0; a < 3; a++) {
            double h = s.halfExtent(a) + extra;
            b[2 * a] = Math.max(0, (int) Math.floor(c[a] - h));
            b[2 * a + 1] = Math.min(n[a] - 1, (int) Math.ceil(c[a] + h));
            if (b[2 * a] > b[2 * a + 1]) {
                return null;
            }
        }
        return b;
    }
}
