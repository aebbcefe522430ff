package org.cryomine.core.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.stream.Collectors;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SimulationPresetTest {

    @Test
    void presetsAreNamedAndTogetherCoverTheRanges() {
        assertThat(SimulationPreset.all()).hasSizeGreaterThanOrEqualTo(8);
        for (SimulationPreset p : SimulationPreset.all()) {
            assertThat(SimulationPreset.named(p.presetName())).isSameAs(p);
            assertThat(SimulationPreset.named(p.presetName().toUpperCase())).isSameAs(p);
        }
        assertThat(SimulationPreset.named("ellipsoid-vesicles")).isEqualTo(SimulationPreset.ELLIPSOID_VESICLES);
        assertThat(SimulationPreset.names()).doesNotHaveDuplicates().contains("spheres-baseline", "tubes", "mitochondria",
                "wavy-sheet-upright", "two-lobed-particles", "carbon-edge-gold");
        assertThatThrownBy(() -> SimulationPreset.named("blobs")).hasMessageContaining("blobs")
                .hasMessageContaining("spheres-baseline");
        var snr = SimulationPreset.all().stream().mapToDouble(SimulationPreset::snr).summaryStatistics();
        var tilt = SimulationPreset.all().stream().mapToDouble(SimulationPreset::tiltRange).summaryStatistics();
        assertThat(snr.getMin()).isLessThanOrEqualTo(0.3);
        assertThat(snr.getMax()).isGreaterThanOrEqualTo(1.0);
        assertThat(tilt.getMin()).isLessThanOrEqualTo(45);
        assertThat(tilt.getMax()).isGreaterThanOrEqualTo(70);
        assertThat(SimulationPreset.all().stream().mapToDouble(SimulationPreset::voxelSizeAngst).distinct().count())
                .isGreaterThanOrEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(SimulationPreset.class)
    void eachPresetGivesLabelledGroundTruth(SimulationPreset preset) {
        SimulatedTomogram s = preset.builder(2).threads(2).build().simulate();
        assertThat(s.tomogram().nx()).isEqualTo(SimulationPreset.NX);
        assertThat(s.tomogram().voxelSize().x()).isEqualTo(preset.voxelSizeAngst());
        assertThat(s.measuredSnr()).isBetween(preset.snr() * 0.95, preset.snr() * 1.05);
        int[] counts = new int[6];
        for (float v : s.labels().data()) {
            counts[(int) v]++;
        }
        for (ObjectClass c : new ObjectClass[] {ObjectClass.MEMBRANE, ObjectClass.LARGE_GLOBULE,
            ObjectClass.SMALL_GLOBULE}) {
            assertThat(s.objects(c)).as("%s objects", c).isNotEmpty();
            assertThat(counts[c.label()]).as("%s voxels", c).isPositive();
        }
        // membrane segmentation is measured on every preset: one membrane object would measure luck
        assertThat(s.objects(ObjectClass.MEMBRANE)).as("membrane objects").hasSizeGreaterThanOrEqualTo(2);
        // particles 6-20 voxels across give or take a voxel (the baseline keeps the default 8-12 nm at 14.2 Å)
        assertThat(s.objects(ObjectClass.SMALL_GLOBULE)).allSatisfy(o -> assertThat(o.size()).isBetween(5.6, 15.1));
        assertThat(s.objects(ObjectClass.LARGE_GLOBULE)).allSatisfy(o -> assertThat(o.size()).isBetween(15.0, 21.2));
        assertThat(shapes(s)).containsAll(expectedShapes(preset));
    }

    private static Set<String> shapes(SimulatedTomogram s) {
        return s.objects().stream().map(SimulatedObject::shape).collect(Collectors.toSet());
    }

    /** Shapes each preset must hold (at seed 2). */
    private static Set<String> expectedShapes(SimulationPreset p) {
        return switch (p) {
            case SPHERES_BASELINE, CROWDED_LOW_SNR -> Set.of("globule", "vesicle");
            case ELLIPSOID_VESICLES -> Set.of("ellipsoid-vesicle", "globule");
            case TUBES -> Set.of("tube");
            case MITOCHONDRIA -> Set.of("mitochondrion");
            case WAVY_SHEET_UPRIGHT -> Set.of("wavy-sheet", "curved-sheet");
            case TWO_LOBED_PARTICLES -> Set.of("two-lobed", "globule", "ellipsoid-vesicle");
            case ELONGATED_AND_HOLLOW -> Set.of("rod", "shell", "vesicle");
            case WIDE_WEDGE_SMALL_VOXELS -> Set.of("sheet");
            case CARBON_EDGE_GOLD -> Set.of("slab", "ball");
        };
    }

    @Test
    void theBaselineHoldsThreeVesiclesAndASheet() {
        SimulatedTomogram s = SimulationPreset.SPHERES_BASELINE.builder(2).threads(2).build().simulate();
        assertThat(s.objects(ObjectClass.MEMBRANE).stream().filter(o -> o.shape().equals("vesicle")).count())
                .isEqualTo(3);
        assertThat(s.objects(ObjectClass.MEMBRANE)).hasSize(4);
    }

    @Test
    void anotherSeedGivesAnotherTomogram() {
        SimulationPreset p = SimulationPreset.TWO_LOBED_PARTICLES;
        assertThat(p.builder(3).threads(2).build().simulate().objects())
                .isNotEqualTo(p.builder(4).threads(2).build().simulate().objects());
    }

    private static TomogramSimulator.Builder empty() {
        return TomogramSimulator.builder().size(96, 96, 64).seed(5).largeGlobules(0).smallGlobules(0).flatMembranes(0)
                .vesicles(0).goldBeads(0).threads(2).snr(Double.POSITIVE_INFINITY).tiltRange(90);
    }

    private static float label(Volume labels, Vec3 p) {
        return labels.get((int) Math.round(p.x()), (int) Math.round(p.y()), (int) Math.round(p.z()));
    }

    @Test
    void hollowShapesHaveAnEmptyLumenAndALabelledWall() {
        SimulatedTomogram s = empty().voxelSizeAngst(10).largeGlobules(3).largeGlobuleShapes(ParticleShape.HOLLOW)
                .largeGlobuleDiameterAngst(200, 200).ellipsoidVesicles(1).vesicleDiameterAngst(400, 400).build().simulate();
        for (SimulatedObject o : s.objects()) {
            assertThat(label(s.labels(), o.centre())).as("lumen of %s", o).isZero();
        }
        for (SimulatedObject o : s.objects(ObjectClass.LARGE_GLOBULE)) {
            assertThat(o.size()).isEqualTo(20.0);
            // wall max(1.5, 0.3 R) = 3 voxels: its middle lies 8.5 voxels from the centre
            Vec3 wall = o.centre().plus(new Vec3(0, 0, 8.5));
            assertThat(label(s.labels(), wall)).isEqualTo((float) ObjectClass.LARGE_GLOBULE.label());
        }
    }

    @Test
    void tubesAreHollowAndMitochondriaHaveTwoMembranes() {
        SimulatedTomogram s = empty().size(128, 128, 80).voxelSizeAngst(12).tubes(1).tubeDiameterAngst(360, 360).build()
                .simulate();
        SimulatedObject tube = s.objects().get(0);
        assertThat(tube.shape()).isEqualTo("tube");
        assertThat(label(s.labels(), tube.centre())).isZero();
        Vec3 side = tube.orientation().apply(new Vec3(15, 0, 0)); // the mid-radius is 18 nm = 15 voxels
        assertThat(label(s.labels(), tube.centre().plus(side))).isEqualTo(1f);

        SimulatedTomogram m = empty().size(160, 160, 96).voxelSizeAngst(14).mitochondria(1).build().simulate();
        SimulatedObject mito = m.objects().get(0);
        // along the short axis (within 15 degrees of z; it fits in the specimen slab) from the centre outwards
        Vec3 dir = mito.orientation().apply(new Vec3(0, 0, 1));
        int bestRuns = 0;
        for (int sign : new int[] {1, -1}) {
            int runs = 0;
            boolean in = false;
            for (double t = 0; t < m.labels().nz(); t += 0.25) {
                Vec3 p = mito.centre().plus(dir.times(sign * t));
                int x = (int) Math.round(p.x());
                int y = (int) Math.round(p.y());
                int z = (int) Math.round(p.z());
                if (!m.labels().contains(x, y, z)) {
                    break;
                }
                boolean mem = m.labels().get(x, y, z) == 1f;
                runs += mem && !in ? 1 : 0;
                in = mem;
            }
            bestRuns = Math.max(bestRuns, runs);
        }
        assertThat(bestRuns).as("membrane crossings from the centre of a cristae-free mitochondrion").isEqualTo(2);
    }

    @Test
    void sheetOrientationDecidesHowFarALabelledSheetReachesInZ() {
        TomogramSimulator.Builder b = empty().size(96, 96, 64).wavySheets(1).sheetDiameterAngst(2500, 2500);
        double uprightSpread = zSpread(b.sheetOrientation(SheetOrientation.UPRIGHT).build().simulate());
        double flatSpread = zSpread(b.sheetOrientation(SheetOrientation.FLAT).build().simulate());
        // upright: the sheet crosses the specimen slab (0.9 x 64 slices); flat: only its thickness and waves
        assertThat(uprightSpread).isGreaterThan(50);
        assertThat(flatSpread).isLessThan(30);
    }

    private static double zSpread(SimulatedTomogram s) {
        Volume l = s.labels();
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int z = 0; z < l.nz(); z++) {
            for (int y = 0; y < l.ny(); y++) {
                for (int x = 0; x < l.nx(); x++) {
                    if (l.get(x, y, z) == 1f && x == l.nx() / 2) {
                        lo = Math.min(lo, z);
                        hi = Math.max(hi, z);
                    }
                }
            }
        }
        return hi - lo;
    }

    @Test
    void correlatedNoiseIsCorrelatedAlongTheTiltAxis() {
        TomogramSimulator.Builder b = empty().size(96, 96, 48).largeGlobules(5).snr(0.5).tiltRange(60);
        double white = lagOneCorrelationAlongY(b.build().simulate());
        double correlated = lagOneCorrelationAlongY(b.correlatedNoise(0.8, 2).build().simulate());
        // the wedge (about y) leaves y alone: white noise stays uncorrelated along y; Gaussian-filtered noise of
        // sigma 2 has lag-1 correlation exp(-1 / (4 sigma^2)) = 0.94, times the fraction 0.8 = 0.75
        assertThat(white).isBetween(-0.05, 0.05);
        assertThat(correlated).isBetween(0.65, 0.85);
    }

    private static double lagOneCorrelationAlongY(SimulatedTomogram s) {
        float[] t = s.tomogram().data();
        float[] f = s.noiseFree().data();
        int nx = s.tomogram().nx();
        int ny = s.tomogram().ny();
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i + nx < t.length; i++) {
            if ((i / nx) % ny == ny - 1) {
                continue;
            }
            double a = t[i] - f[i];
            double c = t[i + nx] - f[i + nx];
            sxy += a * c;
            sxx += a * a;
        }
        return sxy / sxx;
    }

    @Test
    void physicalSizesScaleWithTheVoxelAndCrowdingWithTheFactor() {
        SimulatedTomogram s = empty().voxelSizeAngst(10).smallGlobules(5).smallGlobuleDiameterAngst(120, 120)
                .smallGlobuleShapes(ParticleShape.TWO_LOBED, ParticleShape.ELONGATED).build().simulate();
        assertThat(s.objects(ObjectClass.SMALL_GLOBULE)).hasSize(5).allSatisfy(o -> assertThat(o.size()).isEqualTo(12.0));
        assertThat(s.objects().stream().map(SimulatedObject::shape).collect(Collectors.toSet()))
                .isSubsetOf("two-lobed", "rod");
        TomogramSimulator.Builder c = TomogramSimulator.builder().size(128, 128, 64).seed(5).threads(2);
        int plain = c.build().simulate().objects(ObjectClass.SMALL_GLOBULE).size();
        int crowded = c.crowding(2).build().simulate().objects(ObjectClass.SMALL_GLOBULE).size();
        assertThat(plain).isEqualTo((int) Math.round(350 * 128.0 * 128 * 64 / (400.0 * 400 * 120)));
        assertThat(crowded).isBetween(2 * plain - 2, 2 * plain + 1);
    }

    @Test
    void rejectsBadNewOptions() {
        assertThatThrownBy(() -> TomogramSimulator.builder().crowding(-1).build()).hasMessageContaining("crowding");
        assertThatThrownBy(() -> TomogramSimulator.builder().correlatedNoise(1.5, 2).build())
                .hasMessageContaining("correlated");
        assertThatThrownBy(() -> TomogramSimulator.builder().correlatedNoise(0.5, 0).build())
                .hasMessageContaining("correlation length");
        assertThatThrownBy(() -> TomogramSimulator.builder().smallGlobuleDiameterAngst(100, 50)).hasMessageContaining("small");
        assertThatThrownBy(() -> TomogramSimulator.builder().smallGlobuleShapes()).hasMessageContaining("shape");
        assertThatThrownBy(() -> TomogramSimulator.builder().tubes(-1)).hasMessageContaining("tubes");
        assertThatThrownBy(() -> TomogramSimulator.builder().carbonThicknessAngst(0).build()).hasMessageContaining("carbon");
    }
}
