package org.cryomine.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The analytic flop counts against values worked out by hand, layer by layer, for the benchmarks' workloads
 * (32^3 boxes, 32 filters, code 32, 3 classes; the architectures of shared/peers/torch_autoencoder3d.py).
 */
class ReferenceFlopsTest {

    @Test
    void autoencoderLayerByLayer() {
        long e1 = 32L * 32 * 32 * 1 * 32 * 27;      // 28,311,552: 1 -> 32 channels at 32^3
        long e2 = 16L * 16 * 16 * 32 * 32 * 27;     // 113,246,208: 32 -> 32 at 16^3 (after the first pool)
        long fc = 8L * 8 * 8 * 32 * 32;             // 524,288: 16384 -> 32
        long d1 = 8L * 8 * 8 * 32 * 32 * 27;        // 14,155,776: at 8^3, before the first upsampling
        long out = 32L * 32 * 32 * 32 * 1 * 27;     // 28,311,552: 32 -> 1 at 32^3
        assertThat(ReferenceFlops.autoencoderEncodeMacs(32, 32, 32)).isEqualTo(e1 + e2 + fc).isEqualTo(142_082_048L);
        assertThat(ReferenceFlops.autoencoderDecodeMacs(32, 32, 32)).isEqualTo(fc + d1 + e2 + out)
                .isEqualTo(156_237_824L);
        assertThat(ReferenceFlops.autoencoderTrainMacs(32, 32, 32)).isEqualTo(866_648_064L);
    }

    @Test
    void edssLayerByLayer() {
        long c0 = 32L * 32 * 32 * 1 * 32 * 27;
        long c1 = 32L * 32 * 32 * 32 * 32 * 27;     // 905,969,664: the costliest layer
        long c2 = 16L * 16 * 16 * 32 * 32 * 27;
        long c3 = 8L * 8 * 8 * 32 * 32 * 27;
        long c4 = 16L * 16 * 16 * 32 * 32 * 27;     // after the first upsampling
        long out = 32L * 32 * 32 * 32 * 3 * 27;
        assertThat(ReferenceFlops.edssInferMacs(32, 32, 3)).isEqualTo(c0 + c1 + c2 + c3 + c4 + out)
                .isEqualTo(1_259_864_064L);
        assertThat(ReferenceFlops.edssTrainMacs(32, 32, 3)).isEqualTo(3_751_280_640L);
    }

    @Test
    void filtersCountTapsAsScipyDoes() {
        // radius int(4 sigma + 0.5): 8 (17 taps) at sigma 2, 20 (41) at 5, 22 (45) at 5.5
        assertThat(ReferenceFlops.gaussian(2, 1)).isEqualTo(3 * 2 * 17);
        assertThat(ReferenceFlops.gaussian(5, 1)).isEqualTo(3 * 2 * 41);
        assertThat(ReferenceFlops.dogPicking(2, 5, 1.1, 10)).isEqualTo(10.0 * (102 + 246 + 270 + 1));
        assertThat(ReferenceFlops.workloads().get("gemm_2048")).isEqualTo(2.0 * 2048 * 2048 * 2048);
    }
}
