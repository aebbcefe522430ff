package org.cryomine.segmentation;

import java.util.List;
import org.cryomine.core.Volume;

/**
 * The average of a particle group's members, each moved by the whole-voxel shift that best matches it to the average
 * (beyond the paper; {@link WeakLabels#groupAverageWeight()}). A single member's density is noisy: thresholded alone,
 * it cuts the object ragged and takes in the noise beside it. The group's members show copies of one kind of object,
 * so their aligned average estimates the object with the noise of many boxes averaged away, and a member's density
 * mixed with it is a better guide to where its object lies than the member alone.
 *
 * <p>Alignment: starting from no shift, {@code rounds} times the average of the members as shifted so far is formed
 * and each member gets the shift within {@code maxShift} voxels per axis whose overlap with the average (the sum of
 * products of their densities above {@code centre}, over the average's voxels inside {@code inside}) is largest; the
 * first such shift in the order z, y, x from {@code -maxShift} wins ties. The average is then formed once more.
 * Member voxel {@code u} shows the average's voxel {@code u - shift}. Package-private.
 */
final class AlignedAverage {

    private final Volume average;
    private final int[][] shifts;

    private AlignedAverage(Volume average, int[][] shifts) {
        this.average = average;
        this.shifts = shifts;
    }

    /**
     * Aligns and averages {@code members} (boxes of one size, x fastest; not modified).
     *
     * @param members  the group's members, e.g. smoothed
     * @param inside   which voxels of a box take part in the matching (e.g. the label radius's ball), one per voxel
     * @param centre   the value that counts as no density (the training data's mean), subtracted before matching
     * @param maxShift the largest shift per axis, voxels, at least 0
     * @param rounds   rounds of alignment, at least 0 (0: the members averaged as they are)
     * @throws IllegalArgumentException when there are no members, they differ in size, or a count is negative
     */
    static AlignedAverage of(List<Volume> members, boolean[] inside, double centre, int maxShift, int rounds) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a group average needs at least one member");
        }
        if (maxShift < 0 || rounds < 0) {
            throw new IllegalArgumentException("the largest shift and the rounds must be >= 0, got " + maxShift
                    + " and " + rounds);
        }
        Volume first = members.get(0);
        for (Volume m : members) {
            if (m.nx() != first.nx() || m.ny() != first.ny() || m.nz() != first.nz()) {
                throw new IllegalArgumentException("members differ in size: " + first + " and " + m);
            }
        }
        if (inside.length != first.data().length) {
            throw new IllegalArgumentException(inside.length + " inside flags for boxes of " + first.data().length
                    + " voxels");
        }
        int[][] shifts = new int[members.size()][3];
        for (int r = 0; r < rounds; r++) {
            Reference ref = Reference.of(average(members, shifts, centre), inside, centre);
            for (int k = 0; k < members.size(); k++) {
                shifts[k] = ref.bestShift(members.get(k), centre, maxShift);
            }
        }
        return new AlignedAverage(average(members, shifts, centre), shifts);
    }

    /** The average in the aligned frame (not a copy). */
    Volume average() {
        return average;
    }

    /** Member {@code k}'s shift (x, y, z), voxels: its voxel {@code u} shows the average's voxel {@code u - shift}. */
    int[] shift(int k) {
        return shifts[k].clone();
    }

    /**
     * {@code (1 - weight) * own + weight * average}, the average moved by member {@code k}'s shift; where the moved
     * average has no voxel (beyond the box's faces) {@code own}'s voxel as it is. A new volume; {@code own} is not
     * modified.
     */
    Volume mixedWith(int k, Volume own, double weight) {
        int nx = own.nx();
        int ny = own.ny();
        int nz = own.nz();
        float[] o = own.data();
        float[] a = average.data();
        float[] out = new float[o.length];
        int[] s = shifts[k];
        for (int z = 0, v = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++, v++) {
                    int ax = x - s[0];
                    int ay = y - s[1];
                    int az = z - s[2];
                    boolean in = ax >= 0 && ax < nx && ay >= 0 && ay < ny && az >= 0 && az < nz;
                    out[v] = in ? (float) ((1 - weight) * o[v] + weight * a[(az * ny + ay) * nx + ax]) : o[v];
                }
            }
        }
        return Volume.wrap(out, nx, ny, nz);
    }

    /** The members' mean, member k's voxel {@code v + shift_k} at {@code v}; {@code centre} where none has a voxel. */
    private static Volume average(List<Volume> members, int[][] shifts, double centre) {
        Volume first = members.get(0);
        int nx = first.nx();
        int ny = first.ny();
        int nz = first.nz();
        double[] sum = new double[nx * ny * nz];
        int[] count = new int[sum.length];
        for (int k = 0; k < members.size(); k++) {
            float[] m = members.get(k).data();
            int[] s = shifts[k];
            for (int z = 0, v = 0; z < nz; z++) {
                int mz = z + s[2];
                for (int y = 0; y < ny; y++) {
                    int my = y + s[1];
                    for (int x = 0; x < nx; x++, v++) {
                        int mx = x + s[0];
                        if (mx >= 0 && mx < nx && my >= 0 && my < ny && mz >= 0 && mz < nz) {
                            sum[v] += m[(mz * ny + my) * nx + mx];
                            count[v]++;
                        }
                    }
                }
            }
        }
        float[] out = new float[sum.length];
        for (int v = 0; v < out.length; v++) {
            out[v] = (float) (count[v] == 0 ? centre : sum[v] / count[v]);
        }
        return Volume.wrap(out, nx, ny, nz);
    }

    /**
     * A round's average as matching sees it: the coordinates of the voxels inside the matched region and the average's
     * density above {@code centre} there, gathered once per round for all members.
     */
    private record Reference(int nx, int ny, int nz, int[] xs, int[] ys, int[] zs, float[] values) {

        static Reference of(Volume avg, boolean[] inside, double centre) {
            int nx = avg.nx();
            int ny = avg.ny();
            float[] a = avg.data();
            int n = 0;
            for (boolean b : inside) {
                n += b ? 1 : 0;
            }
            int[] xs = new int[n];
            int[] ys = new int[n];
            int[] zs = new int[n];
            float[] values = new float[n];
            for (int v = 0, i = 0; v < a.length; v++) {
                if (inside[v]) {
                    xs[i] = v % nx;
                    ys[i] = (v / nx) % ny;
                    zs[i] = v / (nx * ny);
                    values[i++] = (float) (a[v] - centre);
                }
            }
            return new Reference(nx, ny, avg.nz(), xs, ys, zs, values);
        }

        /** The shift (x, y, z) within {@code maxShift} whose overlap of {@code member} with the average is largest. */
        int[] bestShift(Volume member, double centre, int maxShift) {
            float[] m = member.data();
            double best = Double.NEGATIVE_INFINITY;
            int[] shift = {0, 0, 0};
            for (int dz = -maxShift; dz <= maxShift; dz++) {
                for (int dy = -maxShift; dy <= maxShift; dy++) {
                    for (int dx = -maxShift; dx <= maxShift; dx++) {
                        double overlap = 0;
                        for (int i = 0; i < values.length; i++) {
                            int x = xs[i] + dx;
                            int y = ys[i] + dy;
                            int z = zs[i] + dz;
                            if (x >= 0 && x < nx && y >= 0 && y < ny && z >= 0 && z < nz) {
                                overlap += values[i] * (m[(z * ny + y) * nx + x] - centre);
                            }
                        }
                        if (overlap > best) {
                            best = overlap;
                            shift = new int[] {dx, dy, dz};
                        }
                    }
                }
            }
            return shift;
        }
    }
}
