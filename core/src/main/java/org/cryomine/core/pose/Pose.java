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
}
