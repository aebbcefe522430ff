package org.cryomine.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cryomine.core.Labels;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

/**
 * {@link AlignedAverage} and the labels it refines ({@link WeakLabels#groupAverageWeight()}). The reference values are
 * the construction's own: balls of known radius at known shifts in noise of known spread.
 */
class AlignedAverageTest {

    private static final int N = 24;
    private static final double RADIUS = 5;
    private static final int[][] SHIFTS = {{0, 0, 0}, {2, -1, 0}, {-2, 1, 1}, {1, 2, -2}, {0, -2, 2}, {-1, 0, -1}};

    /** A dark ball (-1 inside, 0 outside) centred {@code shift} voxels from the box centre. */
    private static Volume ball(int[] shift) {
        double c = (N - 1) / 2.0;
        return Volume.fromFunction(N, N, N, (x, y, z) -> {
            double dx = x - c - shift[0];
            double dy = y - c - shift[1];
            double dz = z - c - shift[2];
            return dx * dx + dy * dy + dz * dz <= RADIUS * RADIUS ? -1f : 0f;
        });
    }

    private static Volume noisy(Volume v, double sigma, SplittableRandom random) {
        float[] d = v.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] += (float) (sigma * random.nextGaussian());
        }
        return Volume.wrap(d, N, N, N);
    }

    @Test
    void membersAreMatchedByTheirShifts() {
        SplittableRandom random = new SplittableRandom(3);
        List<Volume> members = new ArrayList<>();
        for (int[] s : SHIFTS) {
            members.add(org.cryomine.core.filter.GaussianFilter.of(1).apply(noisy(ball(s), 0.5, random)));
        }
        AlignedAverage avg = AlignedAverage.of(members, CentreBall.of(N, N, N, 0.45), 0, 3, 4);
        // the average's frame may sit anywhere, but the shifts between members are the balls' own
        for (int k = 1; k < SHIFTS.length; k++) {
            for (int a = 0; a < 3; a++) {
                assertThat(avg.shift(k)[a] - avg.shift(0)[a]).as("member %d, axis %d", k, a)
                        .isEqualTo(SHIFTS[k][a] - SHIFTS[0][a]);
            }
        }
        // no rounds: the members averaged where they lie
        AlignedAverage unaligned = AlignedAverage.of(members, CentreBall.of(N, N, N, 0.45), 0, 3, 0);
        assertThat(unaligned.shift(1)).containsExactly(0, 0, 0);
    }

    @Test
    void mixingTakesTheWeightedSumWithTheAverageMovedToTheMember() {
        List<Volume> members = List.of(ball(SHIFTS[0]), ball(SHIFTS[1]));
        AlignedAverage avg = AlignedAverage.of(members, CentreBall.of(N, N, N, 0.45), 0, 3, 2);
        Volume own = Volume.filled(N, N, N, 4f);
        assertThat(avg.mixedWith(1, own, 0).data()).containsExactly(own.data());
        Volume full = avg.mixedWith(1, own, 1);
        int[] s = avg.shift(1);
        double c = (N - 1) / 2.0;
        // member 1's ball centre, seen through the average moved back to it: the ball's inside
        int x = (int) Math.round(c + SHIFTS[1][0]);
        int y = (int) Math.round(c + SHIFTS[1][1]);
        int z = (int) Math.round(c + SHIFTS[1][2]);
        assertThat(full.get(x, y, z)).isEqualTo(avg.average().get(x - s[0], y - s[1], z - s[2]));
        assertThat(full.get(x, y, z)).isEqualTo(-1f);
        assertThat(avg.mixedWith(1, own, 0.25).get(x, y, z)).isEqualTo(0.75f * 4 + 0.25f * -1);
        assertThat(own.get(0, 0, 0)).as("own is not modified").isEqualTo(4f);
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> AlignedAverage.of(List.of(), new boolean[0], 0, 3, 1)).hasMessageContaining("member");
        assertThatThrownBy(() -> AlignedAverage.of(List.of(Volume.zeros(4, 4, 4), Volume.zeros(4, 4, 5)),
                new boolean[64], 0, 3, 1)).hasMessageContaining("differ in size");
        assertThatThrownBy(() -> AlignedAverage.of(List.of(Volume.zeros(4, 4, 4)), new boolean[64], 0, -1, 1))
                .hasMessageContaining(">= 0");
    }

    /** IoU of a label volume's {@code label} voxels with a ball's dense voxels, over the known voxels. */
    private static double iou(Volume labels, Volume truth, int label) {
        int both = 0;
        int either = 0;
        for (int v = 0; v < truth.data().length; v++) {
            float l = labels.data()[v];
            if (l == Labels.UNKNOWN) {
                continue;
            }
            boolean a = l == label;
            boolean b = truth.data()[v] < -0.5f;
            both += a && b ? 1 : 0;
            either += a || b ? 1 : 0;
        }
        return (double) both / either;
    }

    @Test
    void aParticleGroupsLabelsFollowTheObjectBetterWithTheAverage() {
        // twelve noisy balls in one particle group; decodings dense where the ball is (the decoding's part of the rule)
        SplittableRandom random = new SplittableRandom(5);
        List<Volume> images = new ArrayList<>();
        List<Volume> truths = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Volume truth = ball(SHIFTS[i % SHIFTS.length]);
            truths.add(truth);
            images.add(noisy(truth, 0.9, random));
        }
        List<Volume> decoded = truths.stream().map(t -> org.cryomine.core.filter.GaussianFilter.of(2).apply(t)).toList();
        int[] clusters = new int[12];
        DensityThreshold half = new DensityThreshold(0.5, 0, 1, true);
        for (String group : List.of("globule=0", "membrane=0")) {
            WeakLabels own = new WeakLabels(Selection.parse(List.of(group)), half, 0, 1).withLabelRadius(0.45)
                    .withDataSigma(1).withCentralObject(true);
            WeakLabels mixed = own.withGroupAverageWeight(0.5);
            double ownIou = 0;
            double mixedIou = 0;
            List<Volume> ownLabels = own.build(images, decoded, clusters).labels();
            List<Volume> mixedLabels = mixed.build(images, decoded, clusters).labels();
            for (int i = 0; i < 12; i++) {
                ownIou += iou(ownLabels.get(i), truths.get(i), 1) / 12;
                mixedIou += iou(mixedLabels.get(i), truths.get(i), 1) / 12;
            }
            if (group.startsWith("globule")) {
                assertThat(mixedIou).as("particles: the average's labels (own %.3f)", ownIou).isGreaterThan(ownIou + 0.03);
            } else {
                assertThat(mixedIou).as("a membrane group keeps its own densities").isEqualTo(ownIou);
            }
        }
        assertThatThrownBy(() -> new WeakLabels(Selection.parse(List.of("g=0")), half, 0, 1).withGroupAverageWeight(1.5))
                .hasMessageContaining("[0, 1]");
    }
}
