package org.cryomine.core.simulate;

import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.Vec3;

/**
 * The shapes beyond {@link Shape}'s balls, flat discs and spherical vesicles: ellipsoids (solid particles,
 * bilayer vesicles, double-membraned mitochondria with optional cristae), hollow tubes, bent and wavy sheets,
 * hollow balls and two-lobed particles. All sizes in voxels, in the object's own frame. Package-private.
 *
 * <p>Distances to ellipsoids use the first-order estimate {@code k0 (k0 - 1) / k1}, {@code k0 = |p / a|},
 * {@code k1 = |p / a^2|} (exact on a sphere, within a few per cent near the surface of the aspect ratios used
 * here), which is what the thin bilayers and the label map need.
 */
final class Shapes {

    private Shapes() {
    }

    /** Approximate signed distance (voxels, negative inside) to the ellipsoid of semi-axes (a, b, c). */
    static double ellipsoidDistance(double x, double y, double z, double a, double b, double c) {
        double k0 = Math.sqrt(Shape.sq(x / a) + Shape.sq(y / b) + Shape.sq(z / c));
        double k1 = Math.sqrt(Shape.sq(x / (a * a)) + Shape.sq(y / (b * b)) + Shape.sq(z / (c * c)));
        if (k1 == 0) {
            return -Math.min(a, Math.min(b, c));
        }
        return k0 * (k0 - 1) / k1;
    }

    /** A solid ellipsoid of uniform density: an elongated (prolate) particle. Semi-axes along x, y, z. */
    static final class SolidEllipsoid extends Shape {
        private final double a;
        private final double b;
        private final double c;
        private final double density;

        SolidEllipsoid(Vec3 centre, Orientation o, double a, double b, double c, double density) {
            super(centre, o);
            this.a = a;
            this.b = b;
            this.c = c;
            this.density = density;
        }

        @Override
        double halfExtent(int axis) {
            return Math.max(a, Math.max(b, c)) + 1;
        }

        @Override
        double distance(double x, double y, double z) {
            return ellipsoidDistance(x, y, z, a, b, c);
        }

        @Override
        double density(double x, double y, double z) {
            return density * soft(-distance(x, y, z));
        }
    }

    /** A spherical protein shell (capsid- or proteasome-like): outer radius R, wall thickness w. */
    static final class HollowBall extends Shape {
        private final double radius;
        private final double wall;
        private final double density;

        HollowBall(Vec3 centre, Orientation o, double radius, double wall, double density) {
            super(centre, o);
            this.radius = radius;
            this.wall = wall;
            this.density = density;
        }

        @Override
        double halfExtent(int axis) {
            return radius + 1;
        }

        @Override
        double distance(double x, double y, double z) {
            return Math.abs(Math.sqrt(x * x + y * y + z * z) - (radius - wall / 2)) - wall / 2;
        }

        @Override
        double density(double x, double y, double z) {
            return density * soft(-distance(x, y, z));
        }
    }

    /**
     * A two-lobed particle of overall radius R: two overlapping balls of radius 0.55 R whose centres lie 0.45 R
     * either side of the object's centre along its x axis (the neck, 0.67 R wide, is at the centre).
     */
    static Shape.Blobs twoLobed(Vec3 centre, Orientation o, double radius, double density, double ratio) {
        List<double[]> b = new ArrayList<>();
        b.add(new double[] {0.45 * radius, 0, 0, 0.55 * radius, density, 1});
        b.add(new double[] {-0.45 * radius, 0, 0, 0.55 * radius, density * ratio, 1});
        return new Shape.Blobs(centre, o, radius, b);
    }

    /** A bilayer shell (membrane thickness t) on an ellipsoid of mid-surface semi-axes (a, b, c). */
    static final class EllipsoidVesicle extends Shape {
        private final double a;
        private final double b;
        private final double c;
        private final double thickness;

        EllipsoidVesicle(Vec3 centre, Orientation o, double a, double b, double c, double thickness) {
            super(centre, o);
            this.a = a;
            this.b = b;
            this.c = c;
            this.thickness = thickness;
        }

        @Override
        double halfExtent(int axis) {
            return Math.max(a, Math.max(b, c)) + thickness + 1;
        }

        @Override
        double distance(double x, double y, double z) {
            return Math.abs(ellipsoidDistance(x, y, z, a, b, c)) - thickness / 2;
        }

        @Override
        double density(double x, double y, double z) {
            return bilayer(ellipsoidDistance(x, y, z, a, b, c), thickness);
        }
    }

    /**
     * A mitochondrion-like double membrane: two bilayers on concentric ellipsoids, the inner one {@code gap}
     * voxels inside the outer along every semi-axis, and optionally {@code cristae} flat bilayer lamellae across
     * the long (x) axis inside the inner membrane (reaching to 85% of its scaled radius).
     */
    static final class Mitochondrion extends Shape {
        private final double a;
        private final double b;
        private final double c;
        private final double gap;
        private final double thickness;
        private final double[] cristae;

        Mitochondrion(Vec3 centre, Orientation o, double a, double b, double c, double gap, double thickness,
                      int cristae) {
            super(centre, o);
            this.a = a;
            this.b = b;
            this.c = c;
            this.gap = gap;
            this.thickness = thickness;
            this.cristae = new double[cristae];
            for (int i = 0; i < cristae; i++) {
                this.cristae[i] = (a - gap) * 0.7 * (2.0 * (i + 1) / (cristae + 1) - 1);
            }
        }

        @Override
        double halfExtent(int axis) {
            return Math.max(a, Math.max(b, c)) + thickness + 1;
        }

        /** Signed distances from the mid-surfaces of the outer and inner membrane, and of the nearest crista. */
        private double[] distances(double x, double y, double z) {
            double outer = ellipsoidDistance(x, y, z, a, b, c);
            double inner = ellipsoidDistance(x, y, z, a - gap, b - gap, c - gap);
            double crista = Double.POSITIVE_INFINITY;
            if (cristae.length > 0) {
                double k0 = Math.sqrt(sq(x / (a - gap)) + sq(y / (b - gap)) + sq(z / (c - gap)));
                if (k0 < 0.85) {
                    for (double xc : cristae) {
                        if (Math.abs(x - xc) < Math.abs(crista)) {
                            crista = x - xc;
                        }
                    }
                }
            }
            return new double[] {outer, inner, crista};
        }

        @Override
        double distance(double x, double y, double z) {
            double[] d = distances(x, y, z);
            return Math.min(Math.abs(d[0]), Math.min(Math.abs(d[1]), Math.abs(d[2]))) - thickness / 2;
        }

        @Override
        double density(double x, double y, double z) {
            double[] d = distances(x, y, z);
            double v = bilayer(d[0], thickness) + bilayer(d[1], thickness);
            return Double.isFinite(d[2]) ? Math.max(v, bilayer(d[2], thickness)) : v;
        }
    }

    /**
     * A membrane tube with a hollow lumen: a bilayer of mid-radius R around the segment of half-length h along the
     * object's z axis, closed by hemispherical caps (a capsule).
     */
    static final class Tube extends Shape {
        private final double radius;
        private final double halfLength;
        private final double thickness;
        private final Vec3 axis;

        Tube(Vec3 centre, Orientation o, double radius, double halfLength, double thickness) {
            super(centre, o);
            this.radius = radius;
            this.halfLength = halfLength;
            this.thickness = thickness;
            this.axis = o.zAxis();
        }

        @Override
        double halfExtent(int a) {
            double u = a == 0 ? axis.x() : a == 1 ? axis.y() : axis.z();
            return halfLength * Math.abs(u) + radius + thickness + 1;
        }

        private double fromAxis(double x, double y, double z) {
            double along = Math.max(0, Math.abs(z) - halfLength);
            return Math.sqrt(x * x + y * y + along * along) - radius;
        }

        @Override
        double distance(double x, double y, double z) {
            return Math.abs(fromAxis(x, y, z)) - thickness / 2;
        }

        @Override
        double density(double x, double y, double z) {
            return bilayer(fromAxis(x, y, z), thickness);
        }
    }

    /**
     * A bilayer sheet whose mid-surface is {@code z = curvature x^2 / 2 + amplitude sin(2 pi x / wavelength + phase)}
     * over the disc {@code x^2 + y^2 <= R^2} of the object's frame: bent (a cylinder's arc) when the curvature is
     * non-zero, wavy when the amplitude is. Normal (at the centre) along the object's z axis.
     */
    static final class BentSheet extends Shape {
        private final double radius;
        private final double thickness;
        private final double curvature;
        private final double amplitude;
        private final double wavenumber;
        private final double phase;
        private final double deviation;
        private final Vec3 normal;

        BentSheet(Vec3 centre, Orientation o, double radius, double thickness, double curvature, double amplitude,
                  double wavelength, double phase) {
            super(centre, o);
            this.radius = radius;
            this.thickness = thickness;
            this.curvature = curvature;
            this.amplitude = amplitude;
            this.wavenumber = amplitude == 0 ? 0 : 2 * Math.PI / wavelength;
            this.phase = phase;
            this.deviation = Math.abs(curvature) * radius * radius / 2 + Math.abs(amplitude);
            this.normal = o.zAxis();
        }

        @Override
        double halfExtent(int axis) {
            double n = axis == 0 ? normal.x() : axis == 1 ? normal.y() : normal.z();
            return radius * Math.sqrt(Math.max(0, 1 - n * n)) + deviation + thickness + 1;
        }

        /** Distance from the mid-surface along z, divided by the slope factor: first-order signed distance. */
        private double across(double x, double z) {
            double h = curvature * x * x / 2 + amplitude * Math.sin(wavenumber * x + phase);
            double slope = curvature * x + amplitude * wavenumber * Math.cos(wavenumber * x + phase);
            return (z - h) / Math.sqrt(1 + slope * slope);
        }

        @Override
        double distance(double x, double y, double z) {
            return Math.max(Math.abs(across(x, z)) - thickness / 2, Math.sqrt(x * x + y * y) - radius);
        }

        @Override
        double density(double x, double y, double z) {
            return bilayer(across(x, z), thickness) * soft(radius - Math.sqrt(x * x + y * y));
        }
    }
}
