package org.cryomine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edss3d's context convolutions (beyond the paper): extra 3x3x3 convolutions at quarter resolution widen the region of
 * the input that a voxel's class depends on. The reference values are the network's arithmetic: the paper's layers
 * (two convolutions at full resolution, one at half, one at quarter, one at half and the output at full resolution,
 * with two 2x poolings and upsamplings) reach 13 voxels from a voxel, plus at most 3 for where the pooling grid falls;
 * each quarter-resolution convolution adds 4 on each side.
 */
class ContextConvolutionsTest {

    private static final int BOX = 16;
    private static final int EDGE = 64;

    /** A network of {@code context} context convolutions trained for one epoch on noise (its weights: any). */
    private static TrainedEdss3d network(int context) {
        Random r = new Random(3);
        List<Volume> images = new ArrayList<>();
        List<Volume> labels = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            float[] img = new float[BOX * BOX * BOX];
            float[] lab = new float[img.length];
            for (int v = 0; v < img.length; v++) {
                img[v] = (float) r.nextGaussian();
                lab[v] = img[v] > 1 ? 1 : 0;
            }
            images.add(Volume.wrap(img, BOX, BOX, BOX));
            labels.add(Volume.wrap(lab, BOX, BOX, BOX));
        }
        Edss3d cfg = Edss3d.builder().numClasses(2).boxSize(BOX).filters(4).maxEpochs(1).seed(5).threads(1)
                .contextConvolutions(context).build();
        return cfg.fit(images, labels, TrainingListener.NONE);
    }

    /**
     * How far along x from an impulse at the volume's centre the class probabilities change: the largest |dx| of a voxel
     * on the impulse's row whose probability of class 1 differs from the same network's on the volume without it.
     */
    private static int reach(TrainedEdss3d net) {
        Random r = new Random(9);
        float[] base = new float[EDGE * EDGE * EDGE];
        for (int v = 0; v < base.length; v++) {
            base[v] = (float) r.nextGaussian();
        }
        float[] poked = base.clone();
        int c = EDGE / 2;
        poked[c + EDGE * (c + EDGE * c)] += 50;
        float[] p0 = net.probabilities(Volume.wrap(base, EDGE, EDGE, EDGE))[1].data();
        float[] p1 = net.probabilities(Volume.wrap(poked, EDGE, EDGE, EDGE))[1].data();
        int reach = -1;
        for (int x = 0; x < EDGE; x++) {
            int i = x + EDGE * (c + EDGE * c);
            if (Math.abs(p0[i] - p1[i]) > 1e-7) {
                reach = Math.max(reach, Math.abs(x - c));
            }
        }
        return reach;
    }

    @Test
    void eachContextConvolutionWidensWhatAVoxelsClassSeesByFourVoxelsEachSide() {
        try (TrainedEdss3d paper = network(0); TrainedEdss3d two = network(2)) {
            int paperReach = reach(paper);
            int twoReach = reach(two);
            assertThat(paperReach).as("the paper's network").isBetween(10, 16);
            assertThat(twoReach).as("two context convolutions (the paper's: %d)", paperReach)
                    .isBetween(paperReach + 6, paperReach + 10);
        }
    }

    @Test
    void theContextConvolutionsAreSavedWithTheModel(@TempDir Path tmp) {
        try (TrainedEdss3d m = network(1)) {
            m.save(tmp.resolve("m"));
            try (TrainedEdss3d loaded = TrainedEdss3d.load(tmp.resolve("m"))) {
                assertThat(loaded.config().contextConvolutions()).isEqualTo(1);
                Volume probe = Volume.wrap(new float[BOX * BOX * BOX], BOX, BOX, BOX);
                probe.data()[BOX * BOX * BOX / 2] = 3;
                assertThat(loaded.probabilities(probe)[1].data()).containsExactly(m.probabilities(probe)[1].data());
            }
        }
    }

    @Test
    void aCountOutsideZeroToEightIsRefused() {
        assertThatThrownBy(() -> Edss3d.builder().numClasses(2).contextConvolutions(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("context convolutions");
        assertThatThrownBy(() -> Edss3d.builder().numClasses(2).contextConvolutions(9).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 (the paper's network) to 8");
    }
}
