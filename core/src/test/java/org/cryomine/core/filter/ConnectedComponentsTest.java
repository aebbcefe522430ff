package org.cryomine.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.cryomine.core.testing.TestMrc;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

class ConnectedComponentsTest {

    /** Reference: scipy 1.10.1 {@code ndimage.label(mask, structure=np.ones((3, 3, 3)))}, see PROVENANCE.md. */
    @Test
    void numbersComponentsExactlyAsScipysLabelWith26Connectivity() {
        Volume mask = TestMrc.read("/scipy/label26_input.mrc");
        Volume expected = TestMrc.read("/scipy/label26_ids.mrc");
        ConnectedComponents cc = ConnectedComponents.of(mask, v -> mask.data()[v] > 0);
        assertThat(cc.count()).isEqualTo(22);
        for (int v = 0; v < mask.voxelCount(); v++) {
            assertThat(cc.ids()[v]).as("voxel %d", v).isEqualTo((int) expected.data()[v]);
        }
        int[][] members = cc.members();
        for (int c = 1; c <= cc.count(); c++) {
            assertThat(members[c]).hasSize(cc.sizes()[c]);
            for (int v : members[c]) {
                assertThat(cc.ids()[v]).isEqualTo(c);
            }
        }
        assertThat(cc.sizes()[1]).isEqualTo(551);
    }

    @Test
    void cornerNeighboursConnectAndAnEmptySetHasNoComponents() {
        Volume v = Volume.zeros(4, 4, 4);
        v.set(0, 0, 0, 1);
        v.set(1, 1, 1, 1);
        v.set(3, 3, 3, 1);
        ConnectedComponents cc = ConnectedComponents.of(v, i -> v.data()[i] > 0);
        assertThat(cc.count()).isEqualTo(2);
        assertThat(cc.sizes()).containsExactly(0, 2, 1);
        assertThat(ConnectedComponents.of(v, i -> false).count()).isZero();
    }
}
