package org.cryomine.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryomine.core.Volume;
import org.cryomine.core.pick.RegionSource;
import org.cryomine.core.testing.CountingRegionSource;
import org.cryomine.core.testing.TestMrc;
import org.junit.jupiter.api.Test;

/** Reference values: numpy 1.24.2 np.median over the documented sample (see src/test/resources/numpy/PROVENANCE.md). */
class IntensityStatisticsTest {

    @Test
    void medianAndSpreadMatchNumpyDespiteAnEmptyBorderAndOutliers() {
        IntensityStatistics s = IntensityStatistics.of(TestMrc.read("/numpy/intensity_input.mrc"));
        assertEquals(6.55142045, s.median(), 1e-6);
        assertEquals(2.96930602, s.spread(), 1e-5);
        assertEquals(30720, s.samples());
    }

    @Test
    void aSampleMostlyOfOneValueFallsBackToTheStandardDeviation() {
        IntensityStatistics s = IntensityStatistics.of(TestMrc.read("/numpy/intensity_mostly_zero.mrc"));
        assertEquals(0, s.median(), 0);
        assertEquals(1.98872435, s.spread(), 1e-6);
        assertEquals(1024, s.samples());
    }

    @Test
    void readsSixteenSlicesOnlyAndSamplesLargeSlicesWithAStride() {
        int nx = 400;
        int ny = 400;
        int nz = 100;
        float[] data = new float[nx * ny * nz];
        for (int i = 0; i < data.length; i++) {
            data[i] = (int) (((long) i * 7919) % 1000); // every slice holds the values 0..999 about evenly
        }
        CountingRegionSource source = new CountingRegionSource(RegionSource.of(Volume.wrap(data, nx, ny, nz)));
        IntensityStatistics s = IntensityStatistics.of(source);
        assertEquals(IntensityStatistics.SLICES, source.depths().size());
        assertEquals((long) IntensityStatistics.SLICES * nx * ny, source.voxels());
        assertEquals(IntensityStatistics.SLICES * (nx * ny / 2), s.samples()); // stride 160000 / 65536 = 2
        assertEquals(499.5, s.median(), 2.0);
        assertEquals(IntensityStatistics.MAD_TO_SIGMA * 250, s.spread(), 2.0);
    }

    @Test
    void wholeAndRegionReadsGiveTheSameStatistics() {
        Volume v = TestMrc.read("/numpy/intensity_input.mrc");
        assertEquals(IntensityStatistics.of(v), IntensityStatistics.of(new CountingRegionSource(RegionSource.of(v))));
    }

    @Test
    void theMapBringsAnAffinelyChangedTomogramBackToTheReference() {
        Volume reference = TestMrc.read("/numpy/intensity_input.mrc");
        Volume changed = reference.copy();
        new IntensityMap(3, 100).applyInPlace(changed);
        IntensityStatistics ref = IntensityStatistics.of(reference);
        IntensityMap back = IntensityStatistics.of(changed).mapTo(ref);
        assertEquals(1 / 3.0, back.scale(), 1e-6);
        assertEquals(-100 / 3.0, back.offset(), 1e-4);
        back.applyInPlace(changed);
        float[] a = reference.data();
        float[] b = changed.data();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-3 * Math.max(1, Math.abs(a[i])), "voxel " + i);
        }
        IntensityStatistics after = IntensityStatistics.of(changed);
        assertEquals(ref.median(), after.median(), 1e-4);
        assertEquals(ref.spread(), after.spread(), 1e-4);
    }

    @Test
    void aMappedRegionSourceMapsWhatItReadsAndLeavesTheSourceAlone() {
        Volume v = Volume.wrap(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
        RegionSource mapped = new IntensityMap(2, -1).over(RegionSource.of(v));
        assertEquals(13f, mapped.read(0, 1, 1, 2, 1, 1).data()[0]); // voxel (0, 1, 1) holds 7
        assertEquals(7f, v.data()[6]);
        RegionSource plain = RegionSource.of(v);
        assertTrue(IntensityMap.IDENTITY.over(plain) == plain);
    }

    @Test
    void severalTomogramsPoolToTheMedianOfTheirMediansAndSpreads() {
        IntensityStatistics a = new IntensityStatistics(1, 2, 10);
        IntensityStatistics b = new IntensityStatistics(5, 4, 20);
        IntensityStatistics c = new IntensityStatistics(2, 8, 30);
        assertEquals(new IntensityStatistics(2, 4, 60), IntensityStatistics.pooled(java.util.List.of(a, b, c)));
        assertEquals(new IntensityStatistics(3, 3, 30), IntensityStatistics.pooled(java.util.List.of(a, b)));
        assertEquals(a, IntensityStatistics.pooled(java.util.List.of(a)));
        assertThrows(IllegalArgumentException.class, () -> IntensityStatistics.pooled(java.util.List.of()));
    }

    @Test
    void badInputsAreRefusedWithTheReason() {
        Volume constant = Volume.wrap(new float[27], 3, 3, 3);
        IntensityStatistics flat = IntensityStatistics.of(constant);
        assertEquals(0, flat.spread());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> flat.mapTo(new IntensityStatistics(0, 1, 27)));
        assertTrue(e.getMessage().contains("one value"), e.getMessage());
        float[] nan = new float[8];
        java.util.Arrays.fill(nan, Float.NaN);
        assertThrows(IllegalArgumentException.class, () -> IntensityStatistics.of(Volume.wrap(nan, 2, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> new IntensityMap(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new IntensityMap(1, Double.NaN));
    }
}
