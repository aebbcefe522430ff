package org.cryomine.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

class SphereCompletionTest {

    /** Voxels within {@code half} of a sphere's surface, left out where its normal is within 30 degrees of z. */
    private static void shellWithoutCaps(Volume v, Vec3 c, double radius, double half) {
        for (int z = 0; z < v.nz(); z++) {
            for (int y = 0; y < v.ny(); y++) {
                for (int x = 0; x < v.nx(); x++) {
                    double dx = x - c.x();
                    double dy = y - c.y();
                    double dz = z - c.z();
                    double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
                    // the missing wedge about y hides surfaces whose normal's x-z part is within 30 degrees of z
                    boolean hidden = Math.abs(dz) > 0 && Math.atan2(Math.abs(dx), Math.abs(dz)) < Math.toRadians(30);
                    if (Math.abs(d - radius) <= half && !hidden) {
                        v.set(x, y, z, 1);
                    }
                }
            }
        }
    }

    private static double fraction(Volume labels, Vec3 c, double radius, double half) {
        long in = 0;
        long hit = 0;
        for (int z = 0; z < labels.nz(); z++) {
            for (int y = 0; y < labels.ny(); y++) {
                for (int x = 0; x < labels.nx(); x++) {
                    double d = Math.sqrt(Math.pow(x - c.x(), 2) + Math.pow(y - c.y(), 2) + Math.pow(z - c.z(), 2));
                    if (Math.abs(d - radius) <= half) {
                        in++;
                        hit += labels.get(x, y, z) == 1 ? 1 : 0;
                    }
                }
            }
        }
        return hit / (double) in;
    }

    @Test
    void aVesicleWithoutItsWedgeCapsIsFoundAndItsCapsArePainted() {
        Volume labels = Volume.zeros(80, 76, 64);
        Vec3 centre = new Vec3(40.3, 37.6, 31.2);
        shellWithoutCaps(labels, centre, 20, 1.5);
        assertThat(fraction(labels, centre, 20, 1.5)).as("the caps are missing").isLessThan(0.8);

        List<SphereCompletion.Sphere> found = SphereCompletion.forBox(32).fit(labels, v -> labels.data()[v] == 1);
        assertThat(found).hasSize(1);
        SphereCompletion.Sphere s = found.get(0);
        assertThat(s.centre().distance(centre)).isLessThan(0.3);
        assertThat(s.radius()).isCloseTo(20, within(0.3));
        assertThat(s.rms()).isLessThan(1.0);
        assertThat(s.coverage()).isGreaterThan(0.6);

        s.paint(labels, 1, value -> value == 0);
        assertThat(fraction(labels, centre, 20, 1.0)).as("the whole shell, caps included").isGreaterThan(0.99);
    }

    @Test
    void completingASegmentationPaintsOnlyBackgroundAtTheGivenThickness() {
        Volume labels = Volume.zeros(80, 76, 64);
        Vec3 centre = new Vec3(40.3, 37.6, 31.2);
        shellWithoutCaps(labels, centre, 20, 2.5);
        labels.set(40, 38, 52, 2); // another group's voxel on the hidden top cap
        labels.set(3, 3, 3, 1); // a stray voxel of the group: too few to fit
        List<SphereCompletion.Sphere> painted = SphereCompletion.forBox(32).complete(labels, 1, 1.0);
        assertThat(painted).hasSize(1);
        assertThat(painted.get(0).centre().distance(centre)).isLessThan(0.3);
        assertThat(fraction(labels, centre, 20, 0.5)).as("caps painted at half thickness 1").isGreaterThan(0.99);
        assertThat(labels.get(40, 38, 52)).as("other labels kept").isEqualTo(2f);
        // the hidden cap is painted 1 voxel deep on either side of the surface, not 2.5 like the sides
        assertThat(labels.get(40, 38, 51)).isEqualTo(1f);
        assertThat(labels.get(40, 38, 49)).isZero();
        assertThat(labels.get(40, 38, 53)).isZero();
        assertThatThrownBy(() -> SphereCompletion.forBox(32).complete(labels, 1, 0))
                .hasMessageContaining("half thickness");
    }

    @Test
    void aVesicleTouchingADenseBlobIsRefittedWithoutTheBlob() {
        Volume labels = Volume.zeros(80, 76, 64);
        Vec3 centre = new Vec3(40.3, 37.6, 31.2);
        shellWithoutCaps(labels, centre, 20, 1.5);
        // a solid ball of radius 7 against the outside of the shell, joined to it: one component
        Vec3 blob = new Vec3(40.3 + 27, 37.6, 31.2);
        int blobVoxels = 0;
        for (int z = 0; z < 64; z++) {
            for (int y = 0; y < 76; y++) {
                for (int x = 0; x < 80; x++) {
                    if (new Vec3(x, y, z).distance(blob) <= 7) {
                        labels.set(x, y, z, 1);
                        blobVoxels++;
                    }
                }
            }
        }
        int[] all = java.util.stream.IntStream.range(0, labels.voxelCount()).filter(i -> labels.data()[i] == 1).toArray();
        SphereCompletion.Sphere loose = SphereCompletion.fitOne(labels, all);
        assertThat(loose.rms()).as("one fit over shell and blob (%d blob voxels)", blobVoxels).isGreaterThan(2.0);

        List<SphereCompletion.Sphere> found = SphereCompletion.forBox(32).fit(labels, v -> labels.data()[v] == 1);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).centre().distance(centre)).isLessThan(0.5);
        assertThat(found.get(0).radius()).isCloseTo(20, within(0.5));
        assertThat(found.get(0).rms()).isLessThanOrEqualTo(2.0);
    }

    @Test
    void flatSmallAndThinPatchesAreLeftAlone() {
        Volume labels = Volume.zeros(60, 60, 40);
        // a tilted flat sheet 3 voxels thick
        for (int z = 0; z < 40; z++) {
            for (int y = 5; y < 55; y++) {
                for (int x = 5; x < 55; x++) {
                    if (Math.abs(z - 20 - 0.3 * (x - 30)) <= 1.5) {
                        labels.set(x, y, z, 1);
                    }
                }
            }
        }
        assertThat(SphereCompletion.forBox(32).fit(labels, v -> labels.data()[v] == 1)).as("a plane").isEmpty();

        Volume small = Volume.zeros(40, 40, 40);
        shellWithoutCaps(small, new Vec3(20, 20, 20), 7, 1.5);
        SphereCompletion completion = SphereCompletion.forBox(32);
        assertThat(completion.fit(small, v -> small.data()[v] == 1)).as("radius 7 < 12").isEmpty();
        assertThat(new SphereCompletion(5, 2, 0.3, 200).fit(small, v -> small.data()[v] == 1)).hasSize(1);
        assertThat(new SphereCompletion(5, 2, 0.3, 100_000).fit(small, v -> small.data()[v] == 1))
                .as("too few voxels").isEmpty();
    }

    @Test
    void twoVesiclesAreBothFoundLargestFirstAndAnInnerDuplicateIsDropped() {
        Volume labels = Volume.zeros(120, 64, 64);
        shellWithoutCaps(labels, new Vec3(30, 32, 32), 16, 1.5);
        shellWithoutCaps(labels, new Vec3(85, 32, 32), 22, 1.5);
        // a separate patch inside the second vesicle, itself a good sphere
        shellWithoutCaps(labels, new Vec3(85, 32, 32), 13, 1.0);
        List<SphereCompletion.Sphere> found = SphereCompletion.forBox(32).fit(labels, v -> labels.data()[v] == 1);
        assertThat(found).hasSize(2);
        assertThat(found.get(0).radius()).isCloseTo(22, within(0.3));
        assertThat(found.get(1).radius()).isCloseTo(16, within(0.3));
    }

    @Test
    void badSettingsAreRejected() {
        assertThatThrownBy(() -> new SphereCompletion(0, 2, 0.3, 200)).hasMessageContaining("radius must be positive");
        assertThatThrownBy(() -> new SphereCompletion(12, Double.NaN, 0.3, 200)).hasMessageContaining("RMS");
        assertThatThrownBy(() -> new SphereCompletion(12, 2, 1.5, 200)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new SphereCompletion(12, 2, 0.3, 3)).hasMessageContaining("at least 4");
        assertThatThrownBy(() -> SphereCompletion.forBox(0)).hasMessageContaining("box size");
    }

    @Test
    void spheresAreFittedAcrossTrainingBoxesAndPaintedIntoTheirBackgroundVoxelsOnly() {
        Vec3 centre = new Vec3(30, 30, 24);
        Volume truth = Volume.zeros(60, 60, 48);
        shellWithoutCaps(truth, centre, 16, 1.5);
        // boxes of 24 on the vesicle's sides and one on its hidden top cap, labelled from the visible shell;
        // the last box reaches beyond the tomogram's far z face; voxel (0, 0, 0) of every box is unknown
        List<int[]> centres = List.of(new int[] {14, 30, 24}, new int[] {46, 30, 24}, new int[] {30, 14, 24},
                new int[] {30, 46, 24}, new int[] {30, 30, 40});
        java.util.List<Volume> images = new java.util.ArrayList<>();
        java.util.List<Volume> labels = new java.util.ArrayList<>();
        for (int[] c : centres) {
            Volume l = truth.box(c[0], c[1], c[2], 24, 24, 24, org.cryomine.core.BoundaryPolicy.FILL_MEAN, 0f).orElseThrow();
            l.set(0, 0, 0, org.cryomine.core.Labels.UNKNOWN);
            labels.add(l);
            images.add(Volume.zeros(24, 24, 24));
        }
        TrainingSet set = new TrainingSet(images, labels, 2, new int[] {0, 1, 2, 3, 4});
        int[] shape = {60, 60, 48};
        List<SphereCompletion.Sphere> found = new SphereCompletion(10, 2, 0.3, 200).fit(set, centres, shape, 1);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).centre().distance(centre)).isLessThan(0.5);

        TrainingSet painted = SphereCompletion.paint(set, centres, shape, found, 1);
        Volume top = painted.labels().get(4);
        // box voxel (12, 12, z) is tomogram voxel (30, 30, 28 + z): the cap at z = 40 is box z = 12
        assertThat(set.labels().get(4).get(12, 12, 12)).as("hidden before").isZero();
        assertThat(top.get(12, 12, 12)).as("the cap, painted").isEqualTo(1f);
        assertThat(top.get(0, 0, 0)).as("unknown stays unknown").isEqualTo(org.cryomine.core.Labels.UNKNOWN);
        // in a tomogram only 40 deep, the cap's voxels at z >= 40 lie outside it and stay background
        Volume cut = SphereCompletion.paint(set, centres, new int[] {60, 60, 40}, found, 1).labels().get(4);
        assertThat(cut.get(12, 12, 11)).as("tomogram z 39").isEqualTo(1f);
        assertThat(cut.get(12, 12, 12)).as("tomogram z 40, outside").isZero();
        assertThat(set.labels().get(4).get(12, 12, 12)).as("the input set is not modified").isZero();
        assertThat(painted.sources()).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void extraBoxesCoverTheSurfaceApartFromExistingOnesAndAreLabelledOnTheShell() {
        SphereCompletion.Sphere s = new SphereCompletion.Sphere(new Vec3(40, 40, 32), 16, 1.0, 0.5, 1000);
        int[] shape = {80, 80, 64};
        List<int[]> existing = List.of(new int[] {56, 40, 32});
        List<int[]> centres = SphereCompletion.boxCentres(List.of(s), shape, 24, existing, 10);
        assertThat(centres).hasSizeBetween(15, 34);
        for (int i = 0; i < centres.size(); i++) {
            int[] c = centres.get(i);
            assertThat(Math.abs(s.distance(c[0], c[1], c[2]) - 16)).as("on the surface").isLessThan(1.0);
            for (int a = 0; a < 3; a++) {
                assertThat(c[a]).as("the whole box inside").isBetween(12, shape[a] - 12);
            }
            assertThat(Math.hypot(Math.hypot(c[0] - 56, c[1] - 40), c[2] - 32)).isGreaterThanOrEqualTo(8);
            for (int j = 0; j < i; j++) {
                int[] d = centres.get(j);
                assertThat(Math.hypot(Math.hypot(c[0] - d[0], c[1] - d[1]), c[2] - d[2])).isGreaterThanOrEqualTo(8);
            }
        }
        assertThat(centres).anySatisfy(c -> assertThat(c[2]).as("a box on the top cap").isGreaterThan(45));

        Volume labels = SphereCompletion.boxLabels(List.of(s), new int[] {40, 40, 48}, 24, 0.35, 1);
        assertThat(labels.get(12, 12, 12)).as("the cap through the box centre").isEqualTo(1f);
        assertThat(labels.get(12, 12, 6)).as("6 voxels inside the vesicle").isZero();
        assertThat(labels.get(0, 0, 0)).as("beyond the label radius").isEqualTo(org.cryomine.core.Labels.UNKNOWN);
        assertThatThrownBy(() -> SphereCompletion.boxCentres(List.of(s), shape, 24, existing, 0))
                .hasMessageContaining("spacing");
    }
}
