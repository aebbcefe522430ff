package org.cryomine.nn;

import java.util.List;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Volume;

/** Copies normalised volumes into batch buffers and computes the dataset normalization in one streaming pass. */
final class Batches {

    private Batches() {
    }

    /**
     * Checks every volume (shape, finite values) and computes the normalization, reading each volume once
     * (a lazily loading list is read one volume at a time).
     */
    static Normalization scan(List<Volume> vols, int bx, int by, int bz, Normalization.Mode mode, String what) {
        if (vols == null || vols.isEmpty()) {
            throw new CryomineException("no " + what + " given: training needs at least 2");
        }
        double sum = 0;
        double sumSq = 0;
        double stdSum = 0;
        long count = 0;
        for (int i = 0; i < vols.size(); i++) {
            Volume v = vols.get(i);
            Checks.volume(v, bx, by, bz, what + " " + i);
            double s = 0;
            double s2 = 0;
            for (float f : v.data()) {
                s += f;
                s2 += (double) f * f;
            }
            int n = v.voxelCount();
            sum += s;
            sumSq += s2;
            count += n;
            double m = s / n;
            stdSum += Math.sqrt(Math.max(0, s2 / n - m * m));
        }
        double mean = sum / count;
        double std = Math.sqrt(Math.max(0, sumSq / count - mean * mean));
        if (mode == Normalization.Mode.PER_SUBVOLUME) {
            std = stdSum / vols.size();
        }
        if (!(std > 0)) {
            throw new CryomineException("all " + what + " voxels have the same value " + mean
                    + ": there is nothing to learn");
        }
        return new Normalization(mode, mean, std);
    }

    /** Mean and standard deviation (1 when constant) of one volume, for per-subvolume scaling. */
    static double[] own(Volume v) {
        double s = 0;
        double s2 = 0;
        for (float f : v.data()) {
            s += f;
            s2 += (double) f * f;
        }
        int n = v.voxelCount();
        double m = s / n;
        double sd = Math.sqrt(Math.max(0, s2 / n - m * m));
        return new double[] {m, sd > 0 ? sd : 1};
    }

    /** Writes volume {@code v}, normalised, into {@code buf} at box {@code slot}. */
    static void put(Volume v, Normalization norm, float[] buf, int slot) {
        double mean = norm.mean();
        double std = norm.std();
        if (norm.mode() == Normalization.Mode.PER_SUBVOLUME) {
            double[] ms = own(v);
            mean = ms[0];
            std = ms[1];
        }
        float[] d = v.data();
        int off = slot * d.length;
        float m = (float) mean;
        float inv = (float) (1 / std);
        for (int i = 0; i < d.length; i++) {
            buf[off + i] = (d[i] - m) * inv;
        }
    }

    /** A normalised batch of the given items. */
    static float[] batch(List<Volume> vols, int[] items, Normalization norm, int boxVoxels) {
        float[] buf = new float[items.length * boxVoxels];
        for (int i = 0; i < items.length; i++) {
            put(vols.get(items[i]), norm, buf, i);
        }
        return buf;
    }
}
