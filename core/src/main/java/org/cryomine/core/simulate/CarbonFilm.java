package org.cryomine.core.simulate;

import java.util.SplittableRandom;
import org.cryomine.core.Vec3;

/**
 * A carbon support film: a slab of the given thickness (voxels) parallel to the xy plane through the middle
 * of z, covering the half-plane beyond a straight edge at a random angle. Package-private.
 */
final class CarbonFilm {

    static final double DENSITY = 0.8;

    private CarbonFilm() {
    }

    /** Renders the film into the placer's maps (call before other objects) and returns its description. */
    static SimulatedObject render(Placer p, int nx, int ny, int nz, double thickness, SplittableRandom rnd) {
        double angle = 2 * Math.PI * rnd.nextDouble();
        double ux = Math.cos(angle);
        double uy = Math.sin(angle);
        double ex = nx / 2.0 + ux * 0.25 * Math.min(nx, ny);
        double ey = ny / 2.0 + uy * 0.25 * Math.min(nx, ny);
        double zc = (nz - 1) / 2.0;
        for (int z = 0; z < nz; z++) {
            double across = thickness / 2 - Math.abs(z - zc);
            if (across < -0.5) {
                continue;
            }
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double beyond = (x - ex) * ux + (y - ey) * uy;
                    double inside = Math.min(across, beyond);
                    int i = x + nx * (y + ny * z);
                    if (inside >= 0) {
                        p.labels[i] = (byte) ObjectClass.CARBON.label();
                    }
                    p.density[i] += (float) (DENSITY * Shape.soft(inside));
                }
            }
        }
        Orientation o = new Orientation(Math.toDegrees(angle), 0, 0);
        // the recorded centre is a voxel of the film 1.5 voxels beyond the middle of its edge
        return new SimulatedObject(ObjectClass.CARBON, new Vec3(Math.round(ex + 1.5 * ux), Math.round(ey + 1.5 * uy),
                Math.round(zc)), o,
                thickness, "slab");
    }
}
