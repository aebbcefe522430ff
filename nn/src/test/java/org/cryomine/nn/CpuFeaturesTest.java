package org.cryomine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bfloat16 probe on /proc/cpuinfo texts (flags lines as Linux 6.x prints them). */
class CpuFeaturesTest {

    @Test
    void nativeBfloat16IsFoundAmongTheFirstProcessorsFlags() {
        String sapphireRapids = "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme avx2 avx512f avx512_bf16 "
                + "amx_bf16 amx_tile\nbugs\t\t: spectre_v1\n";
        String cooperLake = "processor\t: 0\nflags\t\t: fpu avx512f avx512_bf16 avx512_vnni\n";
        String skylake = "processor\t: 0\nflags\t\t: fpu avx2 avx512f avx512bw avx512_vnni\n";
        String arm = "processor\t: 0\nFeatures\t: fp asimd bf16\n";
        assertThat(CpuFeatures.fastBfloat16(sapphireRapids)).isTrue();
        assertThat(CpuFeatures.fastBfloat16(cooperLake)).isTrue();
        assertThat(CpuFeatures.fastBfloat16(skylake)).isFalse();
        assertThat(CpuFeatures.fastBfloat16(arm)).as("no flags line: not judged fast").isFalse();
        assertThat(CpuFeatures.fastBfloat16((String) null)).isFalse();
        // "avx512_bf16x" is not the flag
        assertThat(CpuFeatures.fastBfloat16("flags\t: avx512_bf16x\n")).isFalse();
    }
}
