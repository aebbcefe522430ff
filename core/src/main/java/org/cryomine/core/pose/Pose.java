package org.cryomine.core.pose;

import java.util.Objects;
import org.cryomine.core.Vec3;

/**
 * The pose of the content of a box, as {@link PoseNormalizer} estimates it.
 *
 * @param centreOfMass centre of mass in voxels of the box ((0, 0, 0) = first voxel), weights f
 * @param axis1        unit principal axis of the largest eigenvalue of W (becomes the output's x axis)
 * @param axis2        unit principal axis of the middle eigenvalue (output y)
 * @param axis3        unit principal axis of the smallest eigenvalue (output z); axis1 x axis2 = axis3
 * @param eigenvalues  the eigenvalues of W in descending order, as a vector (largest, middle, smallest)
 */
public record Pose(Vec3 centreOfMass, Vec3 axis1, Vec3 axis2, Vec3 axis3, Vec3 eigenvalues) {

    public Pose {
        Objects.requireNonNull(centreOfMass, "centreOfMass");
        Objects.requireNonNull(axis1, "axis1");
        Objects.requireNonNull(axis2, "axis2");
        Objects.requireNonNull(axis3, "axis3");
        Objects.requireNonNull(eigenvalues, "eigenvalues");
    }

    /** Principal axis {@code i} (0, 1 or 2). */
    public Vec3 axis(int i) {
        return switch (i) {
            case 0 -> axis1;
            case 1 -> axis2;
            case 2 -> axis3;
            default -> throw new IllegalArgumentException("axis index must be 0, 1 or 2, got " + i);
        };
    }

    /** Density at a position in tomogram voxels (e.g. a trilinear sample of the tomogram). */
    @FunctionalInterface
    public interface Sampler {
        float at(double x, double y, double z);
    }

    /**
     * The box of nx x ny x nz voxels whose voxel (0, 0, 0) sits at tomogram voxel (x0, y0, z0), resampled into
     * this pose's principal axes: output voxel (x, y, z) (x fastest) is {@code sampler} at
     * (x0, y0, z0) + centreOfMass + (x - nx/2) axis1 + (y - ny/2) axis2 + (z - nz/2) axis3.
     */
    public float[] resample(int x0, int y0, int z0, int nx, int ny, int nz, Sampler sampler) {
        Vec3 t = new Vec3(x0, y0, z0).plus(centreOfMass);
        Vec3 a = axis1;
        Vec3 b = axis2;
        Vec3 c = axis3;
        float[] data = new float[nx * ny * nz];
        int i = 0;
        for (int z = 0; z < nz; z++) {
            double oz = z - nz / 2;
            for (int y = 0; y < ny; y++) {
                double oy = y - ny / 2;
                for (int x = 0; x < nx; x++, i++) {
                    double ox = x - nx / 2;
                    double px = t.x() + ox * a.x() + oy * b.x() + oz * c.x();
                    double py = t.y() + ox * a.y() + oy * b.y() + oz * c.y();
                    double pz = t.z() + ox * a.z() + oy * b.z() + oz * c.z();
                    data[i] = sampler.at(px, py, pz);
                }
            }
        }
        return data;
    }
}
