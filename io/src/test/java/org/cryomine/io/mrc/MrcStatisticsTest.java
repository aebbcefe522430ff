package org.cryomine.io.mrc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.cryomine.core.Volume;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The header statistics taken chunk by chunk (and beside the writing) against a plain sequential two-pass reference. */
class MrcStatisticsTest {

    private static MrcHeader applied(MrcStatistics s) {
        MrcHeader h = new MrcHeader();
        s.applyTo(h);
        return h;
    }

    /** dmin, dmax, dmean, rms (population) as float32, from one sequential two-pass loop in double. */
    private static float[] reference(float[] v) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
            sum += x;
        }
        double mean = sum / v.length;
        double sq = 0;
        for (float x : v) {
            sq += (x - mean) * (x - mean);
        }
        return new float[] {(float) min, (float) max, (float) mean, (float) Math.sqrt(sq / v.length)};
    }

    @Test
    void chunksGiveTheSequentialTwoPassValuesInFloat32() {
        Random r = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            float[] v = new float[1 + r.nextInt(3 * MrcWriter.CHUNK)];
            double offset = r.nextGaussian() * 1000;
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (offset + r.nextGaussian() * (1 + trial));
            }
            MrcStatistics s = new MrcStatistics();
            for (int from = 0; from < v.length; from += MrcWriter.CHUNK) {
                s.add(v, from, Math.min(MrcWriter.CHUNK, v.length - from));
            }
            MrcHeader h = applied(s);
            float[] ref = reference(v);
            assertThat(new float[] {h.dmin, h.dmax}).containsExactly(ref[0], ref[1]);
            // the sums differ from the sequential ones by about 1e-15 relative: equal in float32 but for a last-bit tie
            assertThat(Math.abs(h.dmean - ref[2])).isLessThanOrEqualTo(Math.ulp(ref[2]));
            assertThat(Math.abs(h.rms - ref[3])).isLessThanOrEqualTo(Math.ulp(ref[3]));
        }
    }

    @Test
    void aLargeFloatVolumesStatisticsTakenBesideTheWritingAreTheChunkedOnes(@TempDir Path dir) {
        int nx = MrcWriter.STATISTICS_BESIDE / 6 + 1;
        int n = nx * 2 * 3; // just over the size from which another thread takes them
        float[] v = new float[n];
        Random r = new Random(2);
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        Volume volume = Volume.wrap(v, nx, 2, 3).withVoxelSize(new org.cryomine.core.VoxelSize(2, 2, 2));
        Path file = dir.resolve("big.mrc");
        MrcWriter.write(volume, file, WriteOptions.defaults());
        MrcStatistics s = new MrcStatistics();
        for (int from = 0; from < n; from += MrcWriter.CHUNK) {
            s.add(v, from, Math.min(MrcWriter.CHUNK, n - from));
        }
        MrcHeader expected = applied(s);
        VolumeHeader h = Volumes.readHeader(file);
        assertThat(new double[] {h.headerStatistics().min(), h.headerStatistics().max(), h.headerStatistics().mean(), h.headerStatistics().rms()})
                .containsExactly(expected.dmin, expected.dmax, expected.dmean, expected.rms);
        assertThat(Volumes.read(file).data()).isEqualTo(v);
    }

    @Test
    void nanPropagatesAndNegativeZeroIsTheMinimum() {
        MrcStatistics s = new MrcStatistics();
        s.add(new float[] {1, 2, Float.NaN, 3, 4}, 0, 5);
        MrcHeader h = applied(s);
        assertThat(new float[] {h.dmin, h.dmax, h.dmean, h.rms}).containsOnly(Float.NaN);
        MrcStatistics z = new MrcStatistics();
        z.add(new float[] {0f, 0f, -0f, 0f, 0f, 0f, 0f}, 0, 7);
        assertThat(Float.floatToRawIntBits(applied(z).dmin)).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(Float.floatToRawIntBits(applied(z).dmax)).isEqualTo(Float.floatToRawIntBits(0f));
    }

    @Test
    void addAllIntoAnEmptyOneCopiesAndAfterOthersCombines() {
        Random r = new Random(5);
        float[] v = new float[5000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 3 + 7);
        }
        MrcStatistics whole = new MrcStatistics();
        whole.add(v, 0, 2000);
        whole.add(v, 2000, 3000);
        MrcStatistics other = new MrcStatistics();
        other.add(v, 0, 2000);
        other.add(v, 2000, 3000);
        MrcStatistics copy = new MrcStatistics();
        copy.addAll(other);
        MrcHeader a = applied(whole);
        MrcHeader b = applied(copy);
        assertThat(new float[] {b.dmin, b.dmax, b.dmean, b.rms}).containsExactly(a.dmin, a.dmax, a.dmean, a.rms);
        MrcStatistics first = new MrcStatistics();
        first.add(v, 0, 2000);
        MrcStatistics second = new MrcStatistics();
        second.add(v, 2000, 3000);
        first.addAll(second);
        MrcHeader c = applied(first);
        float[] ref = reference(v);
        assertThat(Math.abs(c.dmean - ref[2])).isLessThanOrEqualTo(Math.ulp(ref[2]));
        assertThat(Math.abs(c.rms - ref[3])).isLessThanOrEqualTo(Math.ulp(ref[3]));
    }
}
