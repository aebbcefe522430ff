package org.cryomine.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

/**
 * Particle pieces shaped like membrane, beside a membrane, join it. The label maps are drawn by hand; the shapes' spreads
 * are exact: a uniform slab of thickness t has variance (t^2 - 1) / 12 across it (t voxels), a ball about r^2 / 5.
 */
class SheetPiecesTest {

    private static final int N = 48;

    private static Volume empty() {
        return Volume.wrap(new float[N * N * N], N, N, N);
    }

    /** Sets the voxels of the box [x0, x1) x [y0, y1) x [z0, z1) to {@code label}. */
    private static void box(Volume v, int label, int x0, int x1, int y0, int y1, int z0, int z1) {
        for (int z = z0; z < z1; z++) {
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    v.data()[x + N * (y + N * z)] = label;
                }
            }
        }
    }

    private static void ball(Volume v, int label, int cx, int cy, int cz, double r) {
        for (int z = 0; z < N; z++) {
            for (int y = 0; y < N; y++) {
                for (int x = 0; x < N; x++) {
                    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz) <= r * r) {
                        v.data()[x + N * (y + N * z)] = label;
                    }
                }
            }
        }
    }

    private static long count(Volume v, int label) {
        long n = 0;
        for (float f : v.data()) {
            n += f == label ? 1 : 0;
        }
        return n;
    }

    @Test
    void aSheetIsThinInOneDirectionAndWideInTheOthers() {
        assertThat(SheetPieces.isSheet(1, 100, 120)).as("a patch 3.5 voxels thick, 35 wide").isTrue();
        assertThat(SheetPieces.isSheet(20, 20, 20)).as("a ball").isFalse();
        assertThat(SheetPieces.isSheet(10, 14, 30)).as("a ball stretched 1.7x by the missing wedge").isFalse();
        assertThat(SheetPieces.isSheet(2, 2.5, 60)).as("a rod: an elongated particle, two particles in a row").isFalse();
        assertThat(SheetPieces.isSheet(0, 0, 0)).as("one voxel").isFalse();
    }

    @Test
    void aParticlePatchContinuingAMembraneJoinsItAndCompactOrDistantPiecesStay() {
        Volume v = empty();
        box(v, 1, 0, 20, 0, N, 10, 13);              // a membrane sheet, 3 voxels thick, x < 20
        box(v, 2, 21, 40, 4, 30, 10, 13);            // a particle piece continuing it: 19 x 26 x 3, touching (x 20 is 1 off)
        ball(v, 2, 10, 40, 18, 4);                   // a ball beside the membrane (z 14-22): compact, stays
        box(v, 2, 5, 30, 5, 30, 35, 37);             // a flat patch far from any membrane (z 35-36): stays
        box(v, 2, 30, 33, 40, 43, 14, 16);           // a small piece, under 50 voxels, near nothing: stays
        long ballVoxels = count(v, 2) - 19 * 26 * 3 - 25 * 25 * 2 - 3 * 3 * 2;
        long moved = SheetPieces.reassign(v, 2, 1);
        assertThat(moved).isEqualTo(19 * 26 * 3);
        assertThat(count(v, 1)).isEqualTo(20 * N * 3 + 19 * 26 * 3);
        assertThat(count(v, 2)).isEqualTo(ballVoxels + 25 * 25 * 2 + 3 * 3 * 2);
        assertThat(v.data()[25 + N * (10 + N * 11)]).as("inside the moved patch").isEqualTo(1f);
        assertThat(v.data()[10 + N * (40 + N * 18)]).as("the ball's centre").isEqualTo(2f);
    }

    @Test
    void thePatchJoinsTheMembraneItTouchesMostAndNothingMovesWithoutAMembraneGroup() {
        Volume v = empty();
        box(v, 1, 0, 20, 0, N, 10, 13);              // membrane group 1: the patch's left edge lies against its face
        box(v, 3, 20, 40, 30, 31, 10, 13);           // membrane group 3: one thin row along the patch's far edge
        box(v, 2, 21, 40, 4, 29, 10, 13);
        Volume copy = Volume.wrap(v.data().clone(), N, N, N);
        assertThat(SheetPieces.reassign(copy, 2)).as("no membrane group").isZero();
        assertThat(copy.data()).containsExactly(v.data());
        SheetPieces.reassign(v, 2, 3, 1);
        assertThat(v.data()[30 + N * (15 + N * 11)]).as("group 1 lies beside more of the patch").isEqualTo(1f);
    }
}
