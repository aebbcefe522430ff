package org.cryomine.segmentation;

import org.cryomine.core.Volume;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Gives to a membrane group the pieces of a particle group that are shaped like a patch of membrane and touch the
 * membrane group's segmentation (beyond the paper).
 *
 * <p>Where a membrane's density is weak, a network trained on a few dozen weak examples segments it as a dashed line,
 * membrane and particle pieces alternating along one membrane. A particle is compact; a piece of a particle group
 * that is thin in one direction and wide in the two others (a sheet), lying against a membrane, is a piece of that
 * membrane. The shape is read from the spread of the piece's voxel coordinates: with the covariance's eigenvalues
 * l1 &lt;= l2 &lt;= l3, a sheet has {@code sqrt(l1 / l3) < 0.35} and {@code sqrt(l2 / l3) > 2 sqrt(l1 / l3)} (a rod,
 * such as an elongated particle or two particles side by side, has its two small eigenvalues alike; a particle
 * stretched by the missing wedge has {@code sqrt(l1 / l3)} about 0.6-0.8). The contact matters as much as the shape:
 * touching particles can lie flat too, but apart from the membranes. On twenty-five trained models of the quality suite
 * the rule raised membrane IoU from 0.418 to 0.437 and large-globule IoU from 0.556 to 0.568, no model losing more than
 * 0.006 (docs/recipes.md, "Particle pieces shaped like membrane").
 */
public final class SheetPieces {

    /** Largest {@code sqrt(l1 / l3)} of a sheet. */
    public static final double THIN_RATIO = 0.35;

    /** Pieces under this many voxels keep their label: too few voxels for a shape. */
    public static final int MIN_VOXELS = 50;

    /** A piece touches a membrane when one of its voxels lies within this many voxels (along each axis) of it. */
    public static final int TOUCH_DISTANCE = 2;

    private SheetPieces() {
    }

    /**
     * Whether eigenvalues {@code l1 <= l2 <= l3} of a piece's coordinate covariance describe a sheet (see the class
     * comment).
     */
    static boolean isSheet(double l1, double l2, double l3) {
        if (!(l3 > 0)) {
            return false;
        }
        double thin = Math.sqrt(Math.max(0, l1) / l3);
        return thin < THIN_RATIO && Math.sqrt(Math.max(0, l2) / l3) > 2 * thin;
    }

    /**
     * In {@code labels} (modified): every connected piece (26-connectivity) of {@code particleLabel} of at least
     * {@link #MIN_VOXELS} voxels that is shaped like a sheet and has a voxel within {@link #TOUCH_DISTANCE} voxels of a
     * voxel of one of {@code membraneLabels} takes the membrane label with the most such voxels beside it (the first
     * in the array on a tie). Touching is judged on the labels as they were before the call: a moved piece does not
     * make its neighbours touch.
     *
     * @return the number of voxels moved
     */
    public static long reassign(Volume labels, int particleLabel, int... membraneLabels) {
        if (membraneLabels.length == 0) {
            return 0;
        }
        float[] d = labels.data();
        int[][] members = PieceSizes.pieces(labels, particleLabel).members();
        float[] target = new float[members.length];
        for (int c = 1; c < members.length; c++) {
            if (members[c].length >= MIN_VOXELS && sheet(members[c], labels)) {
                target[c] = nearestMembrane(members[c], labels, membraneLabels);
            }
        }
        long moved = 0;
        for (int c = 1; c < members.length; c++) {
            if (target[c] != 0) {
                for (int v : members[c]) {
                    d[v] = target[c];
                }
                moved += members[c].length;
            }
        }
        return moved;
    }

    /** Whether the voxels {@code piece} (indices, x fastest) spread like a sheet. */
    private static boolean sheet(int[] piece, Volume shape) {
        int nx = shape.nx();
        int nxy = nx * shape.ny();
        double[] mean = new double[3];
        for (int v : piece) {
            mean[0] += v % nx;
            mean[1] += (v / nx) % shape.ny();
            mean[2] += v / nxy;
        }
        for (int a = 0; a < 3; a++) {
            mean[a] /= piece.length;
        }
        DMatrixRMaj cov = new DMatrixRMaj(3, 3);
        for (int v : piece) {
            double[] p = {v % nx - mean[0], (v / nx) % shape.ny() - mean[1], v / nxy - mean[2]};
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    cov.add(i, j, p[i] * p[j]);
                }
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(3, false, true);
        if (!eig.decompose(cov)) {
            return false;
        }
        double[] l = {eig.getEigenvalue(0).real, eig.getEigenvalue(1).real, eig.getEigenvalue(2).real};
        java.util.Arrays.sort(l);
        return isSheet(l[0], l[1], l[2]);
    }

    /**
     * The membrane label with the most voxels within {@link #TOUCH_DISTANCE} of {@code piece}'s voxels (each counted
     * once per piece voxel that sees it), or 0 when none is that near.
     */
    private static float nearestMembrane(int[] piece, Volume labels, int[] membraneLabels) {
        int nx = labels.nx();
        int ny = labels.ny();
        int nz = labels.nz();
        float[] d = labels.data();
        long[] hits = new long[membraneLabels.length];
        int r = TOUCH_DISTANCE;
        for (int v : piece) {
            int x = v % nx;
            int y = (v / nx) % ny;
            int z = v / (nx * ny);
            for (int zz = Math.max(0, z - r); zz <= Math.min(nz - 1, z + r); zz++) {
                for (int yy = Math.max(0, y - r); yy <= Math.min(ny - 1, y + r); yy++) {
                    int row = nx * (yy + ny * zz);
                    for (int xx = Math.max(0, x - r); xx <= Math.min(nx - 1, x + r); xx++) {
                        float value = d[row + xx];
                        for (int m = 0; m < membraneLabels.length; m++) {
                            if (value == membraneLabels[m]) {
                                hits[m]++;
                            }
                        }
                    }
                }
            }
        }
        int best = -1;
        for (int m = 0; m < hits.length; m++) {
            if (hits[m] > 0 && (best < 0 || hits[m] > hits[best])) {
                best = m;
            }
        }
        return best < 0 ? 0 : membraneLabels[best];
    }
}
