package org.cryomine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.cryomine.cluster.ClusterModel;
import org.cryomine.cluster.KMeansClusterer;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.Subvolume;
import org.cryomine.core.pick.SubvolumePicker;
import org.cryomine.core.simulate.TomogramSimulator;
import org.cryomine.nn.Autoencoder3D;
import org.cryomine.nn.TrainedAutoencoder;
import org.cryomine.nn.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java quickstart, at a smaller size, so the README stays true. */
class ReadmeExampleTest {

    @TempDir
    Path dir;

    @Test
    void quickstartRuns() {
        Volume tomo = TomogramSimulator.builder().size(96, 96, 48).seed(1).build().simulate().tomogram();
        List<Subvolume> picks = SubvolumePicker.dog()
                .withSmoothingSigma(1).withSigma(2).withScaleRatio(1.1).withMinDistance(6).withBoxSize(16)
                .pick(tomo);
        List<Volume> boxes = picks.stream().map(Subvolume::voxels).toList();
        try (TrainedAutoencoder ae = Autoencoder3D.builder().boxSize(16).codeSize(8).filters(4).maxEpochs(1).seed(7).build()
                .fit(boxes, TrainingListener.NONE)) {
            float[][] codes = ae.encode(boxes);
            ClusterModel clusters = KMeansClusterer.of(3).withSeed(7).fit(codes);
            Volume[] centres = ae.decode(clusters.centroids());
            ae.save(dir.resolve("model"));
            assertThat(centres).hasSize(3);
            assertThat(centres[0].shape()).containsExactly(16, 16, 16);
        }
        assertThat(dir.resolve("model")).isDirectory();
    }
}
