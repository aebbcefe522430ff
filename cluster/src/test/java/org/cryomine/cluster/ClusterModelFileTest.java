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
        ClusterModel m = KMeansClusterer.withK(6).withSeed(12).withRestarts(2).withTolerance(1e-3).fit(blobs.points);
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
    void badFilesGetClearErrors() throws IOException {
        ClusterModel m = KMeansClusterer.withK(2).fit(new Blobs(2, 10, 2, 6, 61).points);
        Path file = dir.resolve("model.txt");
        m.save(file, false);
        String text = Files.readString(file);
        Files.writeString(file, text.replace("cryomine-cluster-model 1", "cryomine-cluster-model 7"));
        assertThatThrownBy(() -> ClusterModel.load(file)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("format version 7, this library reads version 1");
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
