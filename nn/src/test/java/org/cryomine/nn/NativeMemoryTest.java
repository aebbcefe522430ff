package org.cryomine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

/**
 * Native memory stays flat over 500 training steps (plus encode/decode calls): every tensor and Result is
 * closed. A leak of the 8 x 16^3 input tensor and the decoded output would add 128 MB over 500 steps; the
 * bound is half of that, after a warm-up long enough for the allocator's arenas to settle (with 50 warm-up
 * steps and a 40 MB bound, a fresh JVM once measured 41.5 MB of settling growth).
 */
class NativeMemoryTest {

    @Test
    void residentMemoryDoesNotGrowOver500Steps() throws IOException {
        Autoencoder3D cfg = Autoencoder3D.builder().boxSize(16).filters(4).codeSize(4).threads(2).build();
        List<Volume> vols = Phantoms.planesAndBlobs(16, 16, 5);
        Normalization norm = new Normalization(Normalization.Mode.DATASET, 0, 1);
        int[] items = new int[8];
        Arrays.setAll(items, i -> i);
        float[] batch = Batches.batch(vols, items, norm, 16 * 16 * 16);
        try (AutoencoderNet net = new AutoencoderNet(cfg, true, false)) {
            net.initialize(1);
            float[] codes = null;
            for (int i = 0; i < 150; i++) {
                net.trainStep(batch, 8);
                codes = net.encode(batch, 8);
                net.decode(codes, 8);
            }
            long before = rssKb();
            for (int i = 0; i < 500; i++) {
                net.trainStep(batch, 8);
                codes = net.encode(batch, 8);
                net.decode(codes, 8);
            }
            long after = rssKb();
            assertThat((after - before) / 1024.0).as("growth in MB of RSS minus the JVM's committed memory over 500 "
                    + "steps (before %d kB)", before).isLessThan(64);
        }
    }

    /** Resident memory minus what the JVM committed for heap and non-heap (so heap growth does not count). */
    private static long rssKb() throws IOException {
        System.gc();
        var mem = java.lang.management.ManagementFactory.getMemoryMXBean();
        long jvm = (mem.getHeapMemoryUsage().getCommitted() + mem.getNonHeapMemoryUsage().getCommitted()) / 1024;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) - jvm;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
