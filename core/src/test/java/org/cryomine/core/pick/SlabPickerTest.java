package org.cryomine.core.pick;

import org.cryomine.core.testing.CountingRegionSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.cryomine.core.BoundaryPolicy;
import org.cryomine.core.CryomineException;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.simulate.TomogramSimulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Slab-wise picking gives the whole-volume picks (SubvolumePicker.findPeaks on the CPU). */
class SlabPickerTest {

    private static Volume tomogram;

    @BeforeAll
    static void simulate() {
        tomogram = TomogramSimulator.builder().size(96, 96, 64).seed(3).build().simulate().tomogram();
    }

    /** Small filters, so that a 12-slice slab's halo (14 slices) leaves most of the tomogram unread. */
    private static SubvolumePicker small() {
        return SubvolumePicker.dog().withSmoothingSigma(1).withSigma(2).withScaleRatio(1.1).withMinDistance(5)
                .withBoxSize(16).withThreads(2);
    }

    @Test
    void haloIsSmoothingPlusDogRadiusPlusOne() {
        assertThat(SlabPicker.of(small()).halo(1)).isEqualTo(4 + 9 + 1); // int(4*1+.5), int(4*2.2+.5)
        assertThat(SlabPicker.of(SubvolumePicker.dog()).halo(1)).isEqualTo(8 + 22 + 1);
        assertThat(SlabPicker.of(SubvolumePicker.dog().withSmoothingSigma(0)).halo(1)).isEqualTo(23);
        assertThat(SlabPicker.of(SubvolumePicker.dog().withSigmaAngst(20)).halo(4)).isEqualTo(8 + 22 + 1);
    }

    @Test
    void darkContrastSameAsWholeVolume() {
        assertSamePeaks(small(), 12, tomogram);
    }

    @Test
    void brightContrastAndFilledBoundarySameAsWholeVolume() {
        Volume bright = tomogram.copy();
        float[] d = bright.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = 5 - d[i];
        }
        assertSamePeaks(small().withContrast(Contrast.BRIGHT).withBoundary(BoundaryPolicy.FILL_MEAN), 16, bright);
    }

    @Test
    void defaultFiltersSameAsWholeVolume() {
        // halo 31: the middle slabs still leave slices unread
        Volume deep = TomogramSimulator.builder().size(64, 64, 112).seed(5).build().simulate().tomogram();
        assertSamePeaks(SubvolumePicker.dog().withBoxSize(16).withThreads(2), 16, deep);
    }

    @Test
    void quantileAndAbsoluteThresholdsAndMaxPicksSameAsWholeVolume() {
        assertSamePeaks(small().withThresholdQuantile(0.95), 10, tomogram);
        assertSamePeaks(small().withThresholdQuantile(0.5).withMaxPicks(7), 20, tomogram);
        double median = small().findPeaks(tomogram, ProgressListener.NONE, null).get(20).score();
        assertSamePeaks(small().withThreshold(median), 12, tomogram);
    }

    @Test
    void readsSlabsWithTheirHaloOnlyAndNeverTheWholeTomogram() {
        CountingRegionSource source = new CountingRegionSource(RegionSource.of(tomogram));
        SlabPicker slabs = SlabPicker.of(small()).withSlabDepth(12);
        List<Peak> peaks = slabs.findPeaks(source, ProgressListener.NONE, null);
        assertThat(peaks).isNotEmpty();
        assertThat(source.depths()).hasSize(6); // 64 slices in slabs of 12
        int halo = slabs.halo(1);
        assertThat(source.depths()).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(12 + 2 * halo).isLessThan(64));
        assertThat(source.depths().get(0)).isEqualTo(12 + halo); // the tomogram's face: no halo below
    }

    @Test
    void depthFromMemoryBudget() {
        SlabPicker p = SlabPicker.of(SubvolumePicker.dog());
        // 64 MB per slice of 4 arrays: a 8 GB budget holds 125 slices, 63 of them the slab's own
        assertThat(p.withMemoryBudget(8_000_000_000L).depthFor(2000, 2000, 600, 31)).isEqualTo(63);
        assertThat(p.withMemoryBudget(1_000_000L).depthFor(2000, 2000, 600, 31)).isEqualTo(31); // at least the halo
        assertThat(p.withSlabDepth(1000).depthFor(100, 100, 50, 31)).isEqualTo(50);
        assertThatThrownBy(() -> p.depthFor(20000, 20000, 10, 31)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("crop the tomogram");
    }

    @Test
    void nonFiniteSlabAndTooSmallTomogramFailClearly() {
        Volume bad = tomogram.copy();
        bad.set(3, 4, 50, Float.NaN);
        SlabPicker p = SlabPicker.of(small()).withSlabDepth(12);
        assertThatThrownBy(() -> p.findPeaks(RegionSource.of(bad), ProgressListener.NONE, null))
                .isInstanceOf(CryomineException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> SlabPicker.of(small().withBoxSize(128)).findPeaks(RegionSource.of(tomogram),
                ProgressListener.NONE, null)).isInstanceOf(CryomineException.class).hasMessageContaining("no 128^3 box");
    }

    private static void assertSamePeaks(SubvolumePicker picker, int depth, Volume volume) {
        List<Peak> whole = picker.findPeaks(volume, ProgressListener.NONE, null);
        SlabPicker slabs = SlabPicker.of(picker).withSlabDepth(depth);
        assertThat(slabs.depthFor(volume.nx(), volume.ny(), volume.nz(), slabs.halo(1)) * 2).isLessThan(volume.nz());
        List<Peak> sliced = slabs.findPeaks(RegionSource.of(volume), ProgressListener.NONE, null);
        assertThat(whole).isNotEmpty();
        assertThat(sliced).hasSameSizeAs(whole);
        double scale = Math.abs(whole.get(0).score()); // the strongest response; differences are float32 ulps
        for (int i = 0; i < whole.size(); i++) {
            Peak a = whole.get(i);
            Peak b = sliced.get(i);
            assertThat(new int[] {b.x(), b.y(), b.z()}).as("peak %d of %d", i, whole.size())
                    .containsExactly(a.x(), a.y(), a.z());
            assertThat(Math.abs(a.score() - b.score())).as("score of peak %d at %s", i, a).isLessThan(1e-5 * scale);
        }
    }

    /**
     * The reliability report's case: 512 x 512 slabs of at least three halos (93 slices with the default sigmas, 390 MB
     * with the filter's arrays) under a 256 MB heap are refused with the numbers instead of an OutOfMemoryError.
     */
    @Test
    void aSlabLargerThanTheHeapIsRefusedBeforeReading() {
        SlabPicker slabs = SlabPicker.of(SubvolumePicker.dog());
        assertThatThrownBy(() -> slabs.requireHeap(512, 512, 93, 256L << 20)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("390 MB").hasMessageContaining("CRYOMINE_JAVA_OPTS=-Xmx");
        slabs.requireHeap(512, 512, 93, 4L << 30); // fits: no exception
    }
}
