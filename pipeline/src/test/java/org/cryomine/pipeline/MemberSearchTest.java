package org.cryomine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.Volume;
import org.cryomine.core.filter.GaussianFilter;
import org.cryomine.core.pick.Contrast;
import org.cryomine.core.simulate.TomogramSimulator;
import org.cryomine.nn.CodeAveraging;
import org.cryomine.nn.TrainedAutoencoder;
import org.cryomine.segmentation.Selection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train-seg --member-search: more boxes like the selected members, found beside them. */
class MemberSearchTest {

    @TempDir
    Path dir;

    @Test
    void aClustersBoundIsItsFurthestMembersDistanceFromItsCentre() {
        // members of cluster 0 at distances 1, 2, 3, 4 and 10 from its centre (the origin), of cluster 1 at 1 and 2
        float[][] codes = {{1, 0}, {0, 2}, {-3, 0}, {0, -4}, {10, 0}, {6, 0}, {5, 2}, {9, 9}};
        int[] assignments = {0, 0, 0, 0, 0, 1, 1, 2};
        float[][] centroids = {{0, 0}, {5, 0}, {9, 9}};
        MinedRun run = new MinedRun(null, null, null, List.of(), codes, CodeAveraging.NONE, codes, assignments,
                centroids, Contrast.DARK, false, null, new int[codes.length]);
        Selection selection = Selection.fromJson("{\"groups\": [{\"name\": \"a\", \"clusters\": [0, 1]}]}", "test");
        double[] bound = MemberSearch.memberBounds(run, selection);
        assertThat(bound[0]).isCloseTo(10.0, within(1e-9));
        assertThat(bound[1]).isCloseTo(2.0, within(1e-9));
        assertThat(bound[2]).as("not selected").isEqualTo(-1);
        assertThatThrownBy(() -> new MemberSearch(0)).hasMessageContaining("at least one round");
    }

    @Test
    void aMembraneGroupGrowsFiveFoldAtMostAndNoFurtherThanTheLargestParticleGroup() {
        Selection both = Selection.fromJson("{\"groups\": [{\"name\": \"m\", \"clusters\": [0], \"kind\": "
                + "\"membrane\"}, {\"name\": \"p\", \"clusters\": [1], \"kind\": \"particle\"}]}", "test");
        Selection membraneOnly = Selection.fromJson("{\"groups\": [{\"name\": \"m\", \"clusters\": [0], "
                + "\"kind\": \"membrane\"}]}", "test");
        // cluster 0: membrane members, cluster 1: particle members, cluster 2: not selected (50 boxes)
        assertThat(MemberSearch.room(runOf(3, 10, 50), both)).containsExactly(7, 0); // up to the particles' 10
        assertThat(MemberSearch.room(runOf(4, 100, 50), both)).containsExactly(20, 0); // five times its 4
        assertThat(MemberSearch.room(runOf(12, 10, 50), both)).containsExactly(0, 0); // already the larger group
        assertThat(MemberSearch.room(runOf(3, 10, 50), membraneOnly)).containsExactly(15);
    }

    /** A run of three clusters with the given member counts (codes and centres do not matter here). */
    private static MinedRun runOf(int... members) {
        int n = java.util.Arrays.stream(members).sum();
        int[] assignments = new int[n];
        int at = 0;
        for (int c = 0; c < members.length; c++) {
            for (int i = 0; i < members[c]; i++) {
                assignments[at++] = c;
            }
        }
        float[][] codes = new float[n][1];
        return new MinedRun(null, null, null, List.of(), codes, CodeAveraging.NONE, codes, assignments,
                new float[members.length][1], Contrast.DARK, false, null, new int[n]);
    }

    @Test
    void foundBoxesAreDenseSpacedNewMembersOfSelectedClustersAndTrainAsMembers() throws Exception {
        Volume tomogram = TomogramSimulator.builder().size(64, 64, 32).seed(3).build().simulate().tomogram();
        MinedRun run = PipelineQuickstartTest.tinyRun(dir, tomogram);
        // the smallest cluster as a membrane group, the two others as a larger particle group: room to grow
        int[] sizes = new int[run.k()];
        for (int a : run.assignments()) {
            sizes[a]++;
        }
        int small = 0;
        for (int c = 1; c < sizes.length; c++) {
            small = sizes[c] < sizes[small] ? c : small;
        }
        Selection selection = Selection.fromJson("{\"groups\": [{\"name\": \"a\", \"clusters\": [" + small + "], "
                + "\"kind\": \"membrane\"}, {\"name\": \"b\", \"clusters\": [" + (small + 1) % 3 + ", "
                + (small + 2) % 3 + "], \"kind\": \"particle\"}]}", "test");
        assertThat(MemberSearch.room(run, selection)[0]).as("the membrane group may grow").isPositive();
        int box = 16;
        MemberSearch.Found found;
        MemberSearch.Found again;
        float[][] reencoded;
        try (TrainedAutoencoder ae = TrainedAutoencoder.load(run.layout().model());
             TomogramInput input = TomogramInput.inMemory(tomogram)) {
            found = new MemberSearch(2).search(ae, run, selection, input, box, PipelineListener.NONE);
            again = new MemberSearch(2).search(ae, run, selection, input, box, PipelineListener.NONE);
            reencoded = found.boxes().isEmpty() ? new float[0][]
                    : ae.encode(found.boxes(), run.codeAveraging());
            assertThat(found.codes()).as("own codes, as the boxes encode").isDeepEqualTo(
                    found.boxes().isEmpty() ? new float[0][] : ae.encode(found.boxes()));
        }
        assertThat(found.centres()).as("the tiny run's clusters have members like them nearby").isNotEmpty();
        assertThat(again.centres()).as("deterministic").containsExactlyElementsOf(found.centres());

        double[] bound = MemberSearch.memberBounds(run, selection);
        List<int[]> members = new ArrayList<>();
        int[] perGroup = new int[2];
        for (int i = 0; i < run.assignments().length; i++) {
            int label = selection.labelOf(run.assignments()[i]);
            if (label > 0) {
                members.add(run.centres().get(i));
                perGroup[label - 1]++;
            }
        }
        int[] gained = new int[2];
        Volume smoothed = GaussianFilter.of(MemberSearch.SNAP_SIGMA).apply(tomogram);
        double denseSide = 0;
        List<int[]> seen = new ArrayList<>(members);
        for (int i = 0; i < found.centres().size(); i++) {
            int[] c = found.centres().get(i);
            int cluster = found.assignments()[i];
            int label = selection.labelOf(cluster);
            assertThat(label).as("found box %d belongs to a selected cluster", i).isPositive();
            gained[label - 1]++;
            assertThat(nearestCentroid(reencoded[i], run.centroids())).isEqualTo(cluster);
            assertThat(distance(reencoded[i], run.centroids()[cluster])).isLessThanOrEqualTo(bound[cluster] + 1e-6);
            assertThat(c[0]).isBetween(0, tomogram.nx() - 1);
            assertThat(c[1]).isBetween(0, tomogram.ny() - 1);
            assertThat(c[2]).isBetween(0, tomogram.nz() - 1);
            for (int[] q : seen) {
                assertThat(distance(c, q)).as("spaced from the members and the other found boxes")
                        .isGreaterThanOrEqualTo(3 * (box / 4) / 4);
            }
            seen.add(c);
            assertThat(found.boxes().get(i).data()).containsExactly(tomogram.box(c[0], c[1], c[2], box, box, box,
                    org.cryomine.core.BoundaryPolicy.FILL_MEAN).orElseThrow().data());
            denseSide += -smoothed.get(c[0], c[1], c[2]); // DARK: dense matter is low
        }
        assertThat(gained[0]).isLessThanOrEqualTo(MemberSearch.room(run, selection)[0]);
        assertThat(gained[1]).as("particle groups are not searched").isZero();
        assertThat(denseSide / found.centres().size()).as("found boxes sit on denser voxels than the average")
                .isGreaterThan(-smoothed.statistics().mean());

        SegTrainSettings plain = SegTrainSettings.recommended().withFilters(4).withEpochs(1);
        SegModel without = SegmentationTraining.of(plain)
                .train(run, selection, dir.resolve("plain"), false, PipelineListener.NONE);
        SegModel with = SegmentationTraining.of(plain.withMemberSearch(2))
                .train(run, selection, dir.resolve("searched"), false, PipelineListener.NONE);
        JsonNode a = new ObjectMapper().readTree(without.dir().resolve("segmodel.json").toFile());
        JsonNode b = new ObjectMapper().readTree(with.dir().resolve("segmodel.json").toFile());
        assertThat(b.path("training").path("memberSearch").asInt()).isEqualTo(2);
        assertThat(a.path("training").path("memberSearch").asInt(-1)).isZero();
        assertThat(b.path("examples").asInt()).as("the found boxes train as members, with background drawn for them")
                .isGreaterThan(a.path("examples").asInt());
        assertThatThrownBy(() -> plain.withMemberSearch(-1)).hasMessageContaining("rounds >= 0");
    }

    private static int nearestCentroid(float[] code, float[][] centroids) {
        int best = 0;
        for (int c = 1; c < centroids.length; c++) {
            if (distance(code, centroids[c]) < distance(code, centroids[best])) {
                best = c;
            }
        }
        return best;
    }

    private static double distance(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (a[j] - b[j]) * (double) (a[j] - b[j]);
        }
        return Math.sqrt(s);
    }

    private static double distance(int[] a, int[] b) {
        double s = 0;
        for (int j = 0; j < 3; j++) {
            s += (a[j] - b[j]) * (double) (a[j] - b[j]);
        }
        return Math.sqrt(s);
    }
}
