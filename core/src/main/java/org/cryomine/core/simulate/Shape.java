package org.cryomine.core.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cryomine.core.Vec3;

/**
 * A simulated object's geometry and density, in voxels, in the object's own frame. Package-private.
 * Density is positive for dense matter (the tomogram negates it); the signed distance is negative inside.
 */
abstract class Shape {

    final Vec3 centre;
    final Orientation orientation;
    private final double[] m;

    Shape(Vec3 centre, Orientation orientation) {
        this.centre = centre;
        this.orientation = orientation;
        this.m = orientation.matrix();
    }

    /** Half-extent of the bounding box along tomogram axis {@code axis} (0 x, 1 y, 2 z), without margin. */
    abstract double halfExtent(int axis);

    /** Approximate signed distance to the surface at an object-frame position (negative inside). */
    abstract double distance(double x, double y, double z);

    /** Density at an object-frame position (0 outside, about 1 for protein). */
    abstract double density(double x, double y, double z);

    /** Object-frame coordinates of the tomogram-frame offset (dx, dy, dz) from the centre: R^T d. */
    final double localX(double dx, double dy, double dz) {
        return m[0] * dx + m[3] * dy + m[6] * dz;
    }

    final double localY(double dx, double dy, double dz) {
        return m[1] * dx + m[4] * dy + m[7] * dz;
    }

    final double localZ(double dx, double dy, double dz) {
        return m[2] * dx + m[5] * dy + m[8] * dz;
    }

    /** Antialiased inside-ness of a ball: 1 inside, 0 outside, linear over the voxel at the surface. */
    static double soft(double insideDistance) {
        return Math.max(0, Math.min(1, insideDistance + 0.5));
    }

    /** A union of soft balls with their own densities: globules and gold. */
    static final class Blobs extends Shape {
        private final double radius;
        private final double[] cx;
        private final double[] cy;
        private final double[] cz;
        private final double[] r;
        private final double[] d;
        private final boolean[] surface;

        Blobs(Vec3 centre, Orientation orientation, double radius, List<double[]> blobs) {
            super(centre, orientation);
            this.radius = radius;
            int n = blobs.size();
            cx = new double[n];
            cy = new double[n];
            cz = new double[n];
            r = new double[n];
            d = new double[n];
            surface = new boolean[n];
            for (int i = 0; i < n; i++) {
                double[] b = blobs.get(i);
                cx[i] = b[0];
                cy[i] = b[1];
                cz[i] = b[2];
                r[i] = b[3];
                d[i] = b[4];
                surface[i] = b[5] > 0;
            }
        }

        @Override
        double halfExtent(int axis) {
            return radius + 1;
        }

        @Override
        double distance(double x, double y, double z) {
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < r.length; i++) {
                if (surface[i]) {
                    best = Math.min(best, Math.sqrt(sq(x - cx[i]) + sq(y - cy[i]) + sq(z - cz[i])) - r[i]);
                }
            }
            return best;
        }

        @Override
        double density(double x, double y, double z) {
            double best = 0;
            for (int i = 0; i < r.length; i++) {
                double v = d[i] * soft(r[i] - Math.sqrt(sq(x - cx[i]) + sq(y - cy[i]) + sq(z - cz[i])));
                best = Math.max(best, v);
            }
            return best;
        }

        /** A ribosome-like globule of overall radius R: two subunits, surface lumps, dense inner spots. */
        static Blobs largeGlobule(Vec3 c, Orientation o, double radius, SplittableRandom rnd) {
            List<double[]> b = new ArrayList<>();
            b.add(new double[] {0, 0, -0.2 * radius, 0.75 * radius, uniform(rnd, 0.8, 1.0), 1});
            b.add(new double[] {0.1 * radius, 0, 0.45 * radius, 0.5 * radius, uniform(rnd, 0.7, 0.9), 1});
            int lumps = 3 + rnd.nextInt(4);
            for (int i = 0; i < lumps; i++) {
                double rl = uniform(rnd, 0.2, 0.3) * radius;
                Vec3 u = randomDirection(rnd).times((radius - rl) * uniform(rnd, 0.7, 1.0));
                b.add(new double[] {u.x(), u.y(), u.z(), rl, uniform(rnd, 0.7, 1.0), 1});
            }
            int spots = 2 + rnd.nextInt(3);
            for (int i = 0; i < spots; i++) {
                Vec3 u = randomDirection(rnd).times(uniform(rnd, 0, 0.4) * radius);
                b.add(new double[] {u.x(), u.y(), u.z() - 0.1 * radius, uniform(rnd, 0.15, 0.25) * radius,
                    uniform(rnd, 1.1, 1.4), 0});
            }
            return new Blobs(c, o, radius, b);
        }

        /** A small globule of radius R: a core ball and two or three lumps. */
        static Blobs smallGlobule(Vec3 c, Orientation o, double radius, SplittableRandom rnd) {
            List<double[]> b = new ArrayList<>();
            double density = uniform(rnd, 0.8, 1.1);
            b.add(new double[] {0, 0, 0, 0.8 * radius, density, 1});
            int lumps = 2 + rnd.nextInt(2);
            for (int i = 0; i < lumps; i++) {
                Vec3 u = randomDirection(rnd).times(0.6 * radius * uniform(rnd, 0.5, 1.0));
                b.add(new double[] {u.x(), u.y(), u.z(), 0.4 * radius, density * uniform(rnd, 0.8, 1.1), 1});
            }
            return new Blobs(c, o, radius, b);
        }

        /** A uniform ball (gold bead). */
        static Blobs ball(Vec3 c, double radius, double density) {
            List<double[]> b = new ArrayList<>();
            b.add(new double[] {0, 0, 0, radius, density, 1});
            return new Blobs(c, Orientation.IDENTITY, radius, b);
        }
    }

    /** Bilayer density across a membrane at signed distance {@code d} from its mid-plane, thickness t. */
    static double bilayer(double d, double thickness) {
        double h = 0.3 * thickness;
        double s = 0.15 * thickness;
        return Math.exp(-sq(d - h) / (2 * s * s)) + Math.exp(-sq(d + h) / (2 * s * s));
    }

    /** A flat circular bilayer sheet of radius R, normal along the object's z axis. */
    static final class Sheet extends Shape {
        private final double radius;
        private final double thickness;
        private final Vec3 normal;

        Sheet(Vec3 centre, Orientation orientation, double radius, double thickness) {
            super(centre, orientation);
            this.radius = radius;
            this.thickness = thickness;
            this.normal = orientation.zAxis();
        }

        @Override
        double halfExtent(int axis) {
            double n = axis == 0 ? normal.x() : axis == 1 ? normal.y() : normal.z();
            return radius * Math.sqrt(Math.max(0, 1 - n * n)) + thickness + 1;
        }

        @Override
        double distance(double x, double y, double z) {
            double rr = Math.sqrt(x * x + y * y);
            return Math.max(Math.abs(z) - thickness / 2, rr - radius);
        }

        @Override
        double density(double x, double y, double z) {
            double rr = Math.sqrt(x * x + y * y);
            return bilayer(z, thickness) * soft(radius - rr);
        }
    }

    /** A spherical vesicle: a bilayer shell of mid-radius R. */
    static final class Vesicle extends Shape {
        private final double radius;
        private final double thickness;

        Vesicle(Vec3 centre, Orientation orientation, double radius, double thickness) {
            super(centre, orientation);
            this.radius = radius;
            this.thickness = thickness;
        }

        @Override
        double halfExtent(int axis) {
            return radius + thickness + 1;
        }

        @Override
        double distance(double x, double y, double z) {
            return Math.abs(Math.sqrt(x * x + y * y + z * z) - radius) - thickness / 2;
        }

        @Override
        double density(double x, double y, double z) {
            return bilayer(Math.sqrt(x * x + y * y + z * z) - radius, thickness);
        }
    }

    static double sq(double a) {
        return a * a;
    }

    static double uniform(SplittableRandom rnd, double lo, double hi) {
        return lo + (hi - lo) * rnd.nextDouble();
    }

    static Vec3 randomDirection(SplittableRandom rnd) {
        double z = 2 * rnd.nextDouble() - 1;
        double phi = 2 * Math.PI * rnd.nextDouble();
        double s = Math.sqrt(1 - z * z);
        return new Vec3(s * Math.cos(phi), s * Math.sin(phi), z);
    }
}
