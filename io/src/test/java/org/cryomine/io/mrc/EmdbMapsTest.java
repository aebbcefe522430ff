package org.cryomine.io.mrc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.cryomine.core.Volume;
import org.cryomine.io.Fixtures;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * EMD-3197 and EMD-3001 read as mrcfile 1.4.3 reads them. Reference values: mrcfile 1.4.3 with numpy
 * (/usr/bin/python3), e.g. {@code mrcfile.open('EMD-3001.map').data[1, 2, 3]}, sums with
 * {@code data.sum(dtype=np.float64)}.
 */
class EmdbMapsTest {

    @ParameterizedTest
    @ValueSource(strings = {"EMD-3197.map", "emd_3197.map.gz", "EMD-3197.map.bz2"})
    void emd3197(String name) {
        Path file = Fixtures.path("mrc/" + name);
        Volume v = Volumes.read(file);
        assertThat(v.shape()).containsExactly(20, 20, 20);
        assertThat(v.voxelSize().x()).isEqualTo(11.4);
        assertThat(v.voxelSize().z()).isEqualTo(11.4);
        assertThat(v.statistics().mean()).isCloseTo(0.783612, within(5e-7));
        assertThat(sum(v)).isCloseTo(6268.896269149147, within(1e-8));
        assertThat(v.get(3, 2, 1)).isEqualTo(-2.7877457f);   // mrcfile data[1, 2, 3]
        assertThat(v.get(7, 0, 19)).isEqualTo(-0.9199038f);  // mrcfile data[19, 0, 7]
        VolumeHeader h = Volumes.readHeader(file);
        assertThat(h.headerStatistics().mean()).isEqualTo(0.783612f);
        assertThat(h.labels().get(0)).startsWith("::::EMDATABANK.org::::EMD-3197::::");
    }

    /**
     * EMD-3001 has mapc, mapr, maps = 3, 1, 2: mrcfile's array (sections, rows, columns) = (25, 43, 73)
     * holds data[s, r, c] with columns along z, rows along x, sections along y; we re-order to x, y, z,
     * so our volume is 43 x 25 x 73 and voxel (x=r, y=s, z=c) equals mrcfile's data[s, r, c].
     */
    @Test
    void emd3001IsReorderedToXyz() {
        Path file = Fixtures.path("mrc/EMD-3001.map");
        Volume v = Volumes.read(file);
        assertThat(v.shape()).containsExactly(43, 25, 73);
        assertThat(v.voxelSize().x()).isEqualTo(0.44825);
        assertThat(v.voxelSize().y()).isEqualTo(0.3925);
        // mrcfile's voxel_size is float32: 33.03f / 72 = 0.45874998f, printed 0.45875 in the issue
        assertThat((float) v.voxelSize().z()).isEqualTo(0.45874998f);
        assertThat(v.voxelSize().z()).isCloseTo(0.45875, within(1e-7));
        assertThat(v.get(0, 0, 0)).isEqualTo(0.042834472f);    // data[0, 0, 0]
        assertThat(v.get(2, 1, 3)).isEqualTo(-0.024566906f);   // data[1, 2, 3]
        assertThat(v.get(42, 24, 72)).isEqualTo(0.06724498f);  // data[24, 42, 72]
        assertThat(v.get(20, 10, 30)).isEqualTo(-0.08277918f); // data[10, 20, 30]
        assertThat(v.get(40, 5, 70)).isEqualTo(-0.03243872f);  // data[5, 40, 70]
        assertThat(sum(v)).isCloseTo(41.82456039309909, within(1e-9));
        assertThat((float) v.statistics().min()).isEqualTo(-0.36814296f);
        assertThat((float) v.statistics().max()).isEqualTo(0.72161025f);
        VolumeHeader h = Volumes.readHeader(file);
        assertThat(h.axisOrder()).containsExactly(3, 1, 2);
        assertThat(h.nsymbt()).isEqualTo(160);
        assertThat(h.ispg()).isEqualTo(4);
        // a region read equals the crop of the whole read, across the re-ordering
        assertThat(Volumes.readRegion(file, 5, 3, 10, 7, 6, 9).data()).containsExactly(v.crop(5, 3, 10, 7, 6, 9).data());
        assertThat(MrcValidator.validate(file)).containsExactlyInAnyOrder(
                "File does not declare MRC format version 20140 or 20141: nversion = 0",
                "Extended header type is undefined or unrecognised: exttyp = ''");
    }

    static double sum(Volume v) {
        double s = 0;
        for (float f : v.data()) {
            s += f;
        }
        return s;
    }
}
