package org.cryomine.core.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The builder's defaults keep giving bit-identical tomograms: the demo's figures and every stored checksum
 * depend on them. The reference digests were computed with the simulator as of commit 8fa3eeb (before the
 * shape presets, correlated noise and physical scaling were added) by this very test.
 */
class DefaultSimulationChecksumTest {

    /** SHA-256 (first 16 hex digits) of the tomogram, noise-free map, labels and object list. */
    static String digest(SimulatedTomogram s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (float[] d : new float[][] {s.tomogram().data(), s.noiseFree().data(), s.labels().data()}) {
                ByteBuffer b = ByteBuffer.allocate(d.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(d);
                md.update(b.array());
            }
            md.update(s.objects().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void demoStandardTomogramIsUnchanged() {
        // what the demo simulates (DemoSettings.standard(): 256x256x96, 6 vesicles, 3 sheets, seed 7, ±60°)
        SimulatedTomogram s = TomogramSimulator.builder().size(256, 256, 96).seed(7).tiltRange(60).vesicles(6)
                .flatMembranes(3).threads(2).build().simulate();
        assertThat(digest(s)).isEqualTo("7c81ad95a37f464d");
    }

    @Test
    void everyOldOptionGivesTheSameTomogram() {
        SimulatedTomogram s = TomogramSimulator.builder().size(96, 96, 48).seed(42).largeGlobules(6).smallGlobules(10)
                .flatMembranes(1).vesicles(1).goldBeads(2).carbonEdge(true).snr(0.8).bandPassAngst(400, 30)
                .ctf(Ctf.typical(4)).voxelSizeAngst(10).iceDensity(0.3).clutter(0.1).specimenFraction(0.8)
                .threads(2).build().simulate();
        assertThat(digest(s)).isEqualTo("229b6edbb68aeb50");
    }

    @Test
    void builderDefaultsAreUnchanged() {
        // nothing but the size (and threads, which never change the result) set
        SimulatedTomogram s = TomogramSimulator.builder().size(160, 144, 64).threads(2).build().simulate();
        assertThat(digest(s)).isEqualTo("6148512b5c3f24eb");
        SimulatedTomogram oneThread = TomogramSimulator.builder().size(160, 144, 64).threads(1).build().simulate();
        assertThat(digest(oneThread)).isEqualTo("6148512b5c3f24eb");
    }

    @Test
    void fullSizeDefaultsAreUnchanged() {
        // the bare builder: 400x400x120 voxels of 14.2 Å, seed 1
        SimulatedTomogram s = TomogramSimulator.builder().threads(2).build().simulate();
        assertThat(digest(s)).isEqualTo("418e191b8d15f963");
    }
}
