package org.cryomine.core.simulate;

import java.util.Objects;
import org.cryomine.core.Vec3;

/**
 * One object of a simulated tomogram.
 *
 * @param cls         its class
 * @param centre      centre in voxels (x, y, z) of the tomogram (carbon: a film voxel just beyond the middle of
 *                    its edge)
 * @param orientation rotation from the object's frame to the tomogram's (a membrane's normal is its z axis)
 * @param size        diameter in voxels (globules of any shape, gold, vesicles: outer diameter of the ball that
 *                    holds them, or of the mid-surface; ellipsoidal vesicles and mitochondria: the longest
 *                    mid-surface axis; tubes: their length, caps included; sheets: the sheet's diameter; carbon:
 *                    the film's thickness)
 * @param shape       the geometry: {@code "globule"} (lumpy), {@code "two-lobed"}, {@code "rod"}, {@code "shell"}
 *                    (see {@link ParticleShape}), {@code "ball"} (gold), {@code "sheet"}, {@code "curved-sheet"},
 *                    {@code "wavy-sheet"}, {@code "vesicle"}, {@code "ellipsoid-vesicle"}, {@code "tube"},
 *                    {@code "mitochondrion"} or {@code "slab"} (carbon)
 */
public record SimulatedObject(ObjectClass cls, Vec3 centre, Orientation orientation, double size, String shape) {

    public SimulatedObject {
        Objects.requireNonNull(cls, "cls");
        Objects.requireNonNull(centre, "centre");
        Objects.requireNonNull(orientation, "orientation");
        Objects.requireNonNull(shape, "shape");
        if (!(size > 0)) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
    }
}
