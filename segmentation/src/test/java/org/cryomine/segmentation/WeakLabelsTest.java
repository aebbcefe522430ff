package org.cryomine.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.Volume;
import org.junit.jupiter.api.Test;

class WeakLabelsTest {

    private static final DensityThreshold LEVEL_1 = new DensityThreshold(1, 0, 1, true);

    @Test
    void selectedMembersGetTheirGroupsLabelWhereTheDecodingIsDense() {
        // Subvolume i is in cluster i; its decoding is -2 (dense) in the x < 2 half.
        List<Volume> images = new ArrayList<>();
        List<Volume> decoded = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            images.add(Volume.filled(4, 4, 4, i));
            decoded.add(Volume.fromFunction(4, 4, 4, (x, y, z) -> x < 2 ? -2f : 0f));
        }
        int[] clusters = {0, 1, 2, 3, 4, 5};
        Selection sel = Selection.parse(List.of("membrane=4", "globule=1,2"));
        TrainingSet set = new WeakLabels(sel, LEVEL_1, 1.0, 3).build(images, decoded, clusters);
        // 3 labelled (clusters 1, 2, 4) and 3 background draws from the 3 unselected (0, 3, 5)
        assertThat(set.size()).isEqualTo(6);
        assertThat(set.classes()).isEqualTo(3);
        assertThat(set.images().get(0)).isSameAs(images.get(1));
        assertThat(set.labels().get(0).get(0, 0, 0)).isEqualTo(2f);  // cluster 1 is in group 2 (globule)
        assertThat(set.labels().get(0).get(3, 0, 0)).isZero();
        assertThat(set.labels().get(2).get(1, 3, 3)).isEqualTo(1f);  // cluster 4 is membrane
        for (int b = 3; b < 6; b++) {
            assertThat(set.labels().get(b).statistics().max()).isZero();
            assertThat(List.of(0f, 3f, 5f)).contains(set.images().get(b).get(0, 0, 0));
        }
        double[] f = set.classFractions();
        assertThat(f[1]).isEqualTo(0.5 / 6);
        assertThat(f[2]).isEqualTo(1.0 / 6);
    }

    @Test
    void backgroundExamplesComeEvenlyFromTheUnselectedClusters() {
        // cluster 9 selected (10 boxes); unselected: cluster 1 with 90 boxes, cluster 2 with 10, cluster 3 with 2
        List<Volume> images = new ArrayList<>();
        int[] clusters = new int[112];
        for (int i = 0; i < clusters.length; i++) {
            images.add(Volume.filled(4, 4, 4, i));
            clusters[i] = i < 10 ? 9 : i < 100 ? 1 : i < 110 ? 2 : 3;
        }
        Selection sel = Selection.parse(List.of("a=9"));
        TrainingSet set = new WeakLabels(sel, LEVEL_1, 1.0, 4).withEvenBackground(true)
                .build(images, images, clusters);
        int[] drawn = new int[4];
        for (int e = 10; e < set.size(); e++) {
            drawn[clusters[set.sources()[e]]]++;
        }
        // 10 background examples: both of cluster 3, then the other two clusters in turn, 4 each
        assertThat(set.size()).isEqualTo(20);
        assertThat(drawn[3]).isEqualTo(2);
        assertThat(drawn[1]).isEqualTo(4);
        assertThat(drawn[2]).isEqualTo(4);
        // the paper's random draw follows the numbers: almost all from cluster 1 (90 of the 102 boxes)
        TrainingSet random = new WeakLabels(sel, LEVEL_1, 1.0, 4).build(images, images, clusters);
        int fromLargest = 0;
        for (int e = 10; e < random.size(); e++) {
            fromLargest += clusters[random.sources()[e]] == 1 ? 1 : 0;
        }
        assertThat(fromLargest).isGreaterThan(6);
    }

    @Test
    void freshBackgroundPutsEveryUnselectedBoxInThePoolWithTheDrawnCountPerEpoch() {
        // cluster 9 selected (4 boxes); 30 unselected boxes in cluster 1
        List<Volume> images = new ArrayList<>();
        int[] clusters = new int[34];
        for (int i = 0; i < clusters.length; i++) {
            images.add(Volume.fromFunction(4, 4, 4, (x, y, z) -> x < 2 ? -2f : 0f));
            clusters[i] = i < 4 ? 9 : 1;
        }
        Selection sel = Selection.parse(List.of("a=9"));
        TrainingSet once = new WeakLabels(sel, LEVEL_1, 1.5, 8).build(images, images, clusters);
        TrainingSet fresh = new WeakLabels(sel, LEVEL_1, 1.5, 8).withFreshBackground(true)
                .build(images, images, clusters);
        assertThat(once.size()).isEqualTo(4 + 6);
        assertThat(once.pool()).isEmpty();
        assertThat(fresh.size()).as("4 labelled and all 30 unselected boxes").isEqualTo(34);
        assertThat(fresh.pool()).containsExactly(java.util.stream.IntStream.range(4, 34).toArray());
        assertThat(fresh.poolPerEpoch()).as("1.5 per labelled example, as one draw holds").isEqualTo(6);
        assertThat(fresh.epochSize()).isEqualTo(once.size());
        // the pool starts with the one draw's boxes, in its order
        assertThat(java.util.Arrays.copyOf(fresh.sources(), 10)).containsExactly(once.sources());
        // an epoch's class fractions, on average: each labelled box has 32 dense voxels of 64, every
        // background box 64 background voxels, so the pool weighted 6 / 30 gives one draw's fractions
        assertThat(fresh.classFractions()[1]).isCloseTo(once.classFractions()[1], org.assertj.core.data.Offset.offset(1e-12));
        // at most POOL_MULTIPLE boxes per drawn one
        TrainingSet capped = new WeakLabels(sel, LEVEL_1, 0.25, 8).withFreshBackground(true)
                .build(images, images, clusters);
        assertThat(capped.poolPerEpoch()).isEqualTo(1);
        assertThat(capped.pool()).hasSize(WeakLabels.POOL_MULTIPLE);
        // no background asked for: no pool
        assertThat(new WeakLabels(sel, LEVEL_1, 0, 8).withFreshBackground(true).build(images, images, clusters).pool())
                .isEmpty();
    }

    @Test
    void balancedGroupsRepeatTheSmallerGroupsMembersUpToTheLargestGroup() {
        // membrane: cluster 1, 9 boxes; globule: cluster 2, 4 boxes; tiny: cluster 3, 1 box; unselected: cluster 0, 40
        List<Volume> images = new ArrayList<>();
        int[] clusters = new int[54];
        for (int i = 0; i < clusters.length; i++) {
            images.add(Volume.filled(4, 4, 4, i));
            clusters[i] = i < 9 ? 1 : i < 13 ? 2 : i < 14 ? 3 : 0;
        }
        Selection sel = Selection.parse(List.of("membrane=1", "globule=2", "tiny=3"));
        TrainingSet set = new WeakLabels(sel, LEVEL_1, 1.0, 5).withBalancedGroups(true)
                .build(images, images, clusters);
        int[] perGroup = new int[4];
        int[] timesShown = new int[clusters.length];
        for (int e = 0; e < set.size(); e++) {
            int source = set.sources()[e];
            perGroup[clusters[source]]++;
            timesShown[source]++;
            assertThat(set.images().get(e)).isSameAs(images.get(source));
        }
        assertThat(perGroup).as("9 examples of each group, 27 background ones").containsExactly(27, 9, 9, 9);
        for (int i = 0; i < 9; i++) {
            assertThat(timesShown[i]).as("a member of the largest group is not repeated").isEqualTo(1);
        }
        for (int i = 9; i < 13; i++) {
            assertThat(timesShown[i]).as("the globules' 9 examples spread over their 4 members").isBetween(2, 3);
        }
        assertThat(timesShown[13]).isEqualTo(9);
        // a repeat carries the same label volume as its member
        for (int e = 0; e < set.size(); e++) {
            int source = set.sources()[e];
            for (int f = 0; f < e; f++) {
                if (set.sources()[f] == source) {
                    assertThat(set.labels().get(e)).isSameAs(set.labels().get(f));
                }
            }
        }
        // seeded: the same seed repeats the same members, and off leaves one example per member
        TrainingSet again = new WeakLabels(sel, LEVEL_1, 1.0, 5).withBalancedGroups(true)
                .build(images, images, clusters);
        assertThat(again.sources()).containsExactly(set.sources());
        assertThat(new WeakLabels(sel, LEVEL_1, 1.0, 5).build(images, images, clusters).size()).isEqualTo(28);
    }

    @Test
    void backgroundDrawIsSeededAndBounded() {
        List<Volume> images = new ArrayList<>();
        int[] clusters = new int[40];
        for (int i = 0; i < 40; i++) {
            images.add(Volume.filled(4, 4, 4, i));
            clusters[i] = i == 0 ? 9 : 1;
        }
        Selection sel = Selection.parse(List.of("a=9"));
        TrainingSet a = new WeakLabels(sel, LEVEL_1, 5, 1).build(images, images, clusters);
        TrainingSet b = new WeakLabels(sel, LEVEL_1, 5, 1).build(images, images, clusters);
        TrainingSet c = new WeakLabels(sel, LEVEL_1, 5, 2).build(images, images, clusters);
        assertThat(a.size()).isEqualTo(6);
        assertThat(a.images()).isEqualTo(b.images());
        assertThat(a.images()).isNotEqualTo(c.images());
        // each example names the subvolume it came from: the member first, then the drawn background
        int[] sources = a.sources();
        assertThat(sources[0]).isZero();
        for (int e = 0; e < a.size(); e++) {
            assertThat(a.images().get(e)).isSameAs(images.get(sources[e]));
        }
        assertThat(java.util.Arrays.stream(sources).distinct().count()).isEqualTo(6);
        assertThat(new WeakLabels(sel, LEVEL_1, 100, 1).build(images, images, clusters).size()).isEqualTo(40);
    }

    @Test
    void badInputIsExplained() {
        Volume v = Volume.zeros(4, 4, 4);
        Selection sel = Selection.parse(List.of("a=3"));
        assertThatThrownBy(() -> new WeakLabels(sel, LEVEL_1, 1, 1).build(List.of(v), List.of(v, v), new int[] {3}))
                .hasMessageContaining("match one to one");
        assertThatThrownBy(() -> new WeakLabels(sel, LEVEL_1, 1, 1).build(List.of(v), List.of(v), new int[] {2}))
                .hasMessageContaining("no subvolume belongs to a selected cluster");
        assertThatThrownBy(() -> new WeakLabels(sel, LEVEL_1, 1, 1).build(List.of(v), List.of(Volume.zeros(2, 2, 2)), new int[] {3}))
                .hasMessageContaining("its decoding");
    }

    @Test
    void beyondTheLabelRadiusVoxelsAreUnknown() {
        // 8^3 boxes, decoded dense everywhere; radius 0.25 box edges = 2 voxels around the centre (3.5, 3.5, 3.5)
        List<Volume> images = List.of(Volume.zeros(8, 8, 8), Volume.zeros(8, 8, 8));
        List<Volume> decoded = List.of(Volume.filled(8, 8, 8, -2), Volume.filled(8, 8, 8, -2));
        Selection sel = Selection.parse(List.of("membrane=1"));
        TrainingSet set = new WeakLabels(sel, LEVEL_1, 1.0, 3).withLabelRadius(0.25).withDataSigma(0).build(images, decoded, new int[] {1, 0});
        Volume member = set.labels().get(0);
        Volume background = set.labels().get(1);
        assertThat(member.get(4, 4, 4)).isEqualTo(1f);
        assertThat(member.get(5, 4, 4)).isEqualTo(1f);  // 1.5 voxels from the centre
        assertThat(member.get(6, 4, 4)).isEqualTo(-1f); // 2.5 voxels
        assertThat(member.get(0, 0, 0)).isEqualTo(-1f);
        assertThat(background.get(4, 3, 4)).isZero();
        assertThat(background.get(7, 7, 7)).isEqualTo(-1f);
        long known = 0;
        for (float v : member.data()) {
            if (v >= 0) {
                known++;
            }
        }
        assertThat(known).isEqualTo(32); // 8 (all +-0.5) + 24 (one coordinate +-1.5, two +-0.5)
        assertThat(set.classFractions()).containsExactly(0.5, 0.5); // fractions of the known voxels only
        // the paper's whole-box labels
        TrainingSet whole = new WeakLabels(sel, LEVEL_1, 1.0, 3).build(images, decoded, new int[] {1, 0});
        assertThat(whole.labels().get(0).statistics().min()).isEqualTo(1f);
        assertThatThrownBy(() -> new WeakLabels(sel, LEVEL_1, 1.0, 3).withLabelRadius(0).withDataSigma(0)).hasMessageContaining("label radius");
    }

    @Test
    void theMembersOwnDensityRefinesItsLabels() {
        // the decoding is dense (-2) for x < 4 and light (+2) beyond; the member itself is dense (-5) at x = 1, 2
        // and at x = 6; level 1 in units of mean 0, std 1
        Volume image = Volume.fromFunction(8, 8, 8, (x, y, z) -> x == 1 || x == 2 || x == 6 ? -5f : 0f);
        Volume decoded = Volume.fromFunction(8, 8, 8, (x, y, z) -> x < 4 ? -2f : 2f);
        Selection sel = Selection.parse(List.of("membrane=1"));
        Volume refined = new WeakLabels(sel, LEVEL_1, 0, 3).withLabelRadius(Double.POSITIVE_INFINITY).withDataSigma(0.3)
                .build(List.of(image), List.of(decoded), new int[] {1}).labels().get(0);
        Volume paper = new WeakLabels(sel, LEVEL_1, 0, 3).build(List.of(image), List.of(decoded), new int[] {1})
                .labels().get(0);
        for (int x = 0; x < 8; x++) {
            // refined: where both the decoding is above the mean and the (barely) smoothed member is dense
            assertThat(refined.get(x, 4, 4)).as("x = %d", x).isEqualTo(x == 1 || x == 2 ? 1f : 0f);
            // the paper's: wherever the decoding is dense
            assertThat(paper.get(x, 4, 4)).as("x = %d", x).isEqualTo(x < 4 ? 1f : 0f);
        }
        assertThatThrownBy(() -> new WeakLabels(sel, LEVEL_1, 1.0, 3).withLabelRadius(1).withDataSigma(-1)).hasMessageContaining("sigma");
    }

    @Test
    void eachGroupCanHaveItsOwnLevel() {
        // every decoding is -1.5 at x < 2, -0.5 at x = 2, 3 and 0 beyond; group a at level 1 keeps x < 2,
        // group b at level 0.25 keeps x < 4
        List<Volume> images = new ArrayList<>();
        List<Volume> decoded = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            images.add(Volume.zeros(8, 8, 8));
            decoded.add(Volume.fromFunction(8, 8, 8, (x, y, z) -> x < 2 ? -1.5f : x < 4 ? -0.5f : 0f));
        }
        Selection sel = Selection.parse(List.of("a=0", "b=1"));
        TrainingSet set = new WeakLabels(sel, LEVEL_1, 0, 3).withLabelRadius(Double.POSITIVE_INFINITY).withDataSigma(0).withGroupLevels(List.of(1.0, 0.25))
                .build(images, decoded, new int[] {0, 1});
        for (int x = 0; x < 8; x++) {
            assertThat(set.labels().get(0).get(x, 4, 4)).as("a, x = %d", x).isEqualTo(x < 2 ? 1f : 0f);
            assertThat(set.labels().get(1).get(x, 4, 4)).as("b, x = %d", x).isEqualTo(x < 4 ? 2f : 0f);
        }
        // no group levels: the threshold's level 1 for both
        TrainingSet one = new WeakLabels(sel, LEVEL_1, 0, 3).withLabelRadius(Double.POSITIVE_INFINITY).withDataSigma(0)
                .build(images, decoded, new int[] {0, 1});
        assertThat(one.labels().get(1).get(2, 4, 4)).isZero();
        assertThatThrownBy(() -> new WeakLabels(sel, LEVEL_1, 0, 3).withLabelRadius(1).withDataSigma(0).withGroupLevels(List.of(1.0)))
                .hasMessageContaining("1 group levels for 2 groups");
        assertThatThrownBy(() -> new WeakLabels(sel, LEVEL_1, 0, 3).withLabelRadius(1).withDataSigma(0).withGroupLevels(List.of(1.0, Double.NaN)))
                .hasMessageContaining("finite");
    }

    @Test
    void withTheCentralObjectOnlyOtherDensePiecesTeachNothing() {
        // a 16^3 box: a dense sheet through the centre (z = 7, 8) and a separate dense blob in a corner
        Volume decoded = Volume.fromFunction(16, 16, 16, (x, y, z) -> z == 7 || z == 8
                || (x <= 2 && y <= 2 && z <= 2) ? -2f : 0f);
        Selection sel = Selection.parse(List.of("membrane=0"));
        WeakLabels all = new WeakLabels(sel, LEVEL_1, 1, 3).withLabelRadius(Double.POSITIVE_INFINITY).withDataSigma(0);
        Volume everything = all.build(List.of(decoded), List.of(decoded), new int[] {0}).labels().get(0);
        Volume central = all.withCentralObject(true).build(List.of(decoded), List.of(decoded), new int[] {0}).labels()
                .get(0);
        assertThat(everything.get(1, 1, 1)).as("the blob, by default").isEqualTo(1f);
        assertThat(central.get(1, 1, 1)).as("the blob, central object only").isEqualTo(org.cryomine.core.Labels.UNKNOWN);
        assertThat(central.get(3, 12, 7)).as("the sheet through the centre").isEqualTo(1f);
        assertThat(central.get(8, 8, 12)).as("not dense: background").isZero();
        int sheet = 0;
        for (float v : central.data()) {
            sheet += v == 1f ? 1 : 0;
        }
        assertThat(sheet).isEqualTo(16 * 16 * 2);
        // in a background example the central piece is background and the other dense pieces unknown too
        Volume background = all.withCentralObject(true).build(List.of(decoded, decoded), List.of(decoded, decoded),
                new int[] {0, 1}).labels().get(1);
        assertThat(background.get(3, 12, 7)).isZero();
        assertThat(background.get(1, 1, 1)).isEqualTo(org.cryomine.core.Labels.UNKNOWN);
        assertThat(all.build(List.of(decoded, decoded), List.of(decoded, decoded), new int[] {0, 1}).labels().get(1)
                .get(1, 1, 1)).as("without: background throughout").isZero();
    }
}
