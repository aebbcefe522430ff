package org.cryomine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cryomine.core.CryomineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterModelFileTest {

    @TempDir
    Path dir;

    @Test
    void roundTrip() {
        Blobs blobs = new Blobs(5, 30, 3, 6, 59);
        ClusterModel m = KMeansClusterer.of(6).withSeed(12).withRestarts(2).withTolerance(1e-3).fit(blobs.points);
        Path file = dir.resolve("model.txt");
        m.save(file, false);
        ClusterModel back = ClusterModel.load(file);
        assertThat(back.centroids()).isDeepEqualTo(m.centroids());
        assertThat(back.assignments()).isEqualTo(m.assignments());
        assertThat(back.sizes()).isEqualTo(m.sizes());
        assertThat(back.inertia()).isEqualTo(m.inertia());
        assertThat(back.iterations()).isEqualTo(m.iterations());
        assertThat(back.configuration().withThreads(1)).isEqualTo(m.configuration().withThreads(1));
        assertThatThrownBy(() -> m.save(file, false)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("already exists");
        m.save(file, true);
    }

    @Test
    void writesTheSwapTrials() throws IOException {
        ClusterModel m = KMeansClusterer.of(3).withSwapTrials(7).fit(new Blobs(3, 10, 2, 6, 63).points);
        Path file = dir.resolve("model.txt");
        m.save(file, false);
        assertThat(Files.readString(file)).startsWith("cryomine-cluster-model 2\n").contains("\nswap-trials: 7\n");
        assertThat(ClusterModel.load(file).configuration().swapTrials()).isEqualTo(7);
    }

    /**
     * model-format-1.txt was written by cryomine before swap refinement (commit 8e49497, format version 1, no
     * swap-trials line): it still loads, as a model fitted without swaps.
     */
    @Test
    void readsFormatVersion1() throws Exception {
        Path file = Path.of(getClass().getResource("model-format-1.txt").toURI());
        ClusterModel m = ClusterModel.load(file);
        assertThat(m.configuration().withThreads(1)).isEqualTo(KMeansClusterer.of(3).withSeed(5)
                .withTolerance(1e-3).withRestarts(2).withThreads(1).withSwapTrials(0));
        assertThat(m.centroids()).isDeepEqualTo(new float[][] {{0.16666667f, 0.16666667f}, {10.166667f, 10.166667f},
            {20.25f, 0}});
        assertThat(m.assignments()).containsExactly(0, 0, 0, 1, 1, 1, 2, 2);
        assertThat(m.inertia()).isEqualTo(0.7916666666672731);
        assertThat(m.iterations()).isEqualTo(2);
    }

    @Test
    void badFilesGetClearErrors() throws IOException {
        ClusterModel m = KMeansClusterer.of(2).fit(new Blobs(2, 10, 2, 6, 61).points);
        Path file = dir.resolve("model.txt");
        m.save(file, false);
        String text = Files.readString(file);
        Files.writeString(file, text.replace("cryomine-cluster-model 2", "cryomine-cluster-model 7"));
        assertThatThrownBy(() -> ClusterModel.load(file)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("format version 7, this library reads versions 1 to 2");
        Files.writeString(file, text.replace("swap-trials: " + KMeansClusterer.DEFAULT_SWAP_TRIALS + "\n", ""));
        assertThatThrownBy(() -> ClusterModel.load(file)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("expected 'swap-trials:'");
        Files.writeString(file, text.substring(0, text.indexOf("assignments:")));
        assertThatThrownBy(() -> ClusterModel.load(file)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("truncated");
        Files.writeString(file, "hello\n");
        assertThatThrownBy(() -> ClusterModel.load(file)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("not a cryomine cluster model");
        assertThatThrownBy(() -> ClusterModel.load(dir.resolve("none.txt"))).isInstanceOf(CryomineException.class)
                .hasMessageContaining("not found");
    }
}
