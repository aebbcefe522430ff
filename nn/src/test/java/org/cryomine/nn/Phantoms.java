package org.cryomine.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cryomine.core.Volume;

/** Simulated subvolumes for tests: membrane-like planes and globular blobs with noise (seeded). */
final class Phantoms {

    private Phantoms() {
    }

    /** A slab of thickness ~2 voxels through a point near the centre, random orientation, plus noise. */
    static Volume plane(int n, Random r) {
        double[] nrm = unit(r);
        double c = (n - 1) / 2.0;
        double off = r.nextGaussian() * 1.0;
        float[] d = new float[n * n * n];
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double dist = (x - c) * nrm[0] + (y - c) * nrm[1] + (z - c) * nrm[2] - off;
                    d[x + n * (y + n * z)] = (float) (Math.exp(-dist * dist / 2.0) + 0.15 * r.nextGaussian());
                }
            }
        }
        return Volume.wrap(d, n, n, n);
    }

    /** A Gaussian ball of radius 2-3.5 voxels near the centre, plus noise. */
    static Volume blob(int n, Random r) {
        double c = (n - 1) / 2.0;
        double cx = c + r.nextGaussian();
        double cy = c + r.nextGaussian();
        double cz = c + r.nextGaussian();
        double rad = 2 + 1.5 * r.nextDouble();
        float[] d = new float[n * n * n];
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double q = ((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz)) / (rad * rad);
                    d[x + n * (y + n * z)] = (float) (1.5 * Math.exp(-q) + 0.15 * r.nextGaussian());
                }
            }
        }
        return Volume.wrap(d, n, n, n);
    }

    /** Alternating plane, blob, plane, ... (labels: even index = plane). */
    static List<Volume> planesAndBlobs(int count, int n, long seed) {
        Random r = new Random(seed);
        List<Volume> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(i % 2 == 0 ? plane(n, r) : blob(n, r));
        }
        return out;
    }

    private static double[] unit(Random r) {
        double[] v = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
        double l = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {v[0] / l, v[1] / l, v[2] / l};
    }
}
