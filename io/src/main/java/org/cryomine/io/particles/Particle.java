package org.cryomine.io.particles;

import java.util.Objects;
import org.cryomine.core.Vec3;

/**
 * One picked particle.
 *
 * @param position  centre in voxels (x, y, z) of its tomogram, voxel centres at integer coordinates
 * @param score     picking score (e.g. the DoG response), NaN when absent
 * @param cluster   cluster id (0-based), -1 when absent
 * @param className name of the group the user gave its cluster, null when absent
 * @param tomoName  name of the tomogram it comes from, null when absent
 */
public record Particle(Vec3 position, double score, int cluster, String className, String tomoName) {

    public Particle {
        Objects.requireNonNull(position, "position");
        if (!Double.isFinite(position.x()) || !Double.isFinite(position.y()) || !Double.isFinite(position.z())) {
            throw new IllegalArgumentException("particle position must be finite, got " + position);
        }
        if (cluster < -1) {
            throw new IllegalArgumentException("cluster must be -1 (absent) or a cluster id >= 0, got " + cluster);
        }
        checkText("className", className);
        checkText("tomoName", tomoName);
    }

    private static void checkText(String what, String value) {
        if (value != null && (value.isEmpty() || value.contains("\n") || value.contains("\r")
                || value.contains("'") && value.contains("\""))) {
            throw new IllegalArgumentException(what + " must be non-empty, on one line, without both quote kinds, got '"
                    + value + "'");
        }
    }

    /** A particle at a position with nothing else known. */
    public static Particle at(double x, double y, double z) {
        return new Particle(new Vec3(x, y, z), Double.NaN, -1, null, null);
    }

    public Particle withScore(double newScore) {
        return new Particle(position, newScore, cluster, className, tomoName);
    }

    public Particle withCluster(int newCluster) {
        return new Particle(position, score, newCluster, className, tomoName);
    }

    public Particle withClassName(String name) {
        return new Particle(position, score, cluster, name, tomoName);
    }

    public Particle withTomoName(String name) {
        return new Particle(position, score, cluster, className, name);
    }

    public boolean hasScore() {
        return !Double.isNaN(score);
    }
}
