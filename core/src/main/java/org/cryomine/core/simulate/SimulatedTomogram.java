package org.cryomine.core.simulate;

import java.util.List;
import java.util.Objects;
import org.cryomine.core.Volume;

/**
 * The output of {@link TomogramSimulator}: the noisy tomogram, its noise-free version (same missing wedge and
 * band-pass, no noise), the label map and the object list.
 *
 * @param tomogram  the simulated tomogram; dense matter negative; voxel size as configured
 * @param noiseFree the tomogram's signal alone: {@code tomogram - noiseFree} is the (filtered) noise
 * @param labels    a label map: 0 background, else {@link ObjectClass#label()}, before any filtering
 * @param objects   every object placed, unmodifiable
 * @param seed      the seed that produced it
 */
public record SimulatedTomogram(Volume tomogram, Volume noiseFree, Volume labels, List<SimulatedObject> objects,
                                long seed) {

    public SimulatedTomogram {
        Objects.requireNonNull(tomogram, "tomogram");
        Objects.requireNonNull(noiseFree, "noiseFree");
        Objects.requireNonNull(labels, "labels");
        objects = List.copyOf(objects);
    }

    /** The objects of one class. */
    public List<SimulatedObject> objects(ObjectClass cls) {
        return objects.stream().filter(o -> o.cls() == cls).toList();
    }

    /** Signal-to-noise ratio as measured: variance of {@link #noiseFree} over variance of the noise. */
    public double measuredSnr() {
        float[] t = tomogram.data();
        float[] s = noiseFree.data();
        double ms = 0;
        double mn = 0;
        for (int i = 0; i < t.length; i++) {
            ms += s[i];
            mn += t[i] - s[i];
        }
        ms /= t.length;
        mn /= t.length;
        double vs = 0;
        double vn = 0;
        for (int i = 0; i < t.length; i++) {
            double a = s[i] - ms;
            double b = t[i] - s[i] - mn;
            vs += a * a;
            vn += b * b;
        }
        return vn == 0 ? Double.POSITIVE_INFINITY : vs / vn;
    }
}
