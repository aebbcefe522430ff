package org.cryomine.core;

/**
 * A point or vector (x, y, z). Units depend on use: voxels for positions in a volume, Å for origins
 * and for names ending in {@code Angst}.
 */
public record Vec3(double x, double y, double z) {

    public static final Vec3 ZERO = new Vec3(0, 0, 0);

    public Vec3 plus(Vec3 o) {
        return new Vec3(x + o.x, y + o.y, z + o.z);
    }

    public Vec3 minus(Vec3 o) {
        return new Vec3(x - o.x, y - o.y, z - o.z);
    }

    public Vec3 times(double s) {
        return new Vec3(x * s, y * s, z * s);
    }

    public double dot(Vec3 o) {
        return x * o.x + y * o.y + z * o.z;
    }

    public double norm() {
        return Math.sqrt(dot(this));
    }

    public double distance(Vec3 o) {
        return minus(o).norm();
    }
}
