package org.cryomine.core.simulate;

import java.util.SplittableRandom;
import org.cryomine.core.Vec3;

/**
 * A rotation given by ZYZ Euler angles in degrees (RELION's rot, tilt, psi): {@code R = Rz(rot) Ry(tilt)
 * Rz(psi)}, which maps a vector of the object's own frame to the tomogram frame (x, y, z).
 *
 * @param rot  first rotation about z, degrees
 * @param tilt rotation about y, degrees
 * @param psi  last rotation about z, degrees
 */
public record Orientation(double rot, double tilt, double psi) {

    /** The identity. */
    public static final Orientation IDENTITY = new Orientation(0, 0, 0);

    public Orientation {
        if (!Double.isFinite(rot) || !Double.isFinite(tilt) || !Double.isFinite(psi)) {
            throw new IllegalArgumentException("Euler angles must be finite");
        }
    }

    /** A rotation drawn uniformly from SO(3). */
    public static Orientation random(SplittableRandom random) {
        double rot = 360 * random.nextDouble();
        double tilt = Math.toDegrees(Math.acos(2 * random.nextDouble() - 1));
        double psi = 360 * random.nextDouble();
        return new Orientation(rot, tilt, psi);
    }

    /** The 3x3 rotation matrix, row-major, as a new array. */
    public double[] matrix() {
        double a = Math.toRadians(rot);
        double b = Math.toRadians(tilt);
        double c = Math.toRadians(psi);
        double ca = Math.cos(a);
        double sa = Math.sin(a);
        double cb = Math.cos(b);
        double sb = Math.sin(b);
        double cc = Math.cos(c);
        double sc = Math.sin(c);
        // Rz(a) * Ry(b) * Rz(c)
        return new double[] {
            ca * cb * cc - sa * sc, -ca * cb * sc - sa * cc, ca * sb,
            sa * cb * cc + ca * sc, -sa * cb * sc + ca * cc, sa * sb,
            -sb * cc, sb * sc, cb};
    }

    /** The object-frame vector {@code v} expressed in the tomogram frame. */
    public Vec3 apply(Vec3 v) {
        double[] m = matrix();
        return new Vec3(m[0] * v.x() + m[1] * v.y() + m[2] * v.z(), m[3] * v.x() + m[4] * v.y() + m[5] * v.z(),
                m[6] * v.x() + m[7] * v.y() + m[8] * v.z());
    }

    /** The object's own z axis in the tomogram frame (for a membrane: its normal). */
    public Vec3 zAxis() {
        double[] m = matrix();
        return new Vec3(m[2], m[5], m[8]);
    }
}
