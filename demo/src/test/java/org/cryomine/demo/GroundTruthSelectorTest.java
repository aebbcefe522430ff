package org.cryomine.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cryomine.segmentation.Selection;
import org.junit.jupiter.api.Test;

class GroundTruthSelectorTest {

    private static final Map<Integer, String> WANTED = new LinkedHashMap<>(Map.of(1, "membrane"));

    static {
        WANTED.put(2, "large");
    }

    @Test
    void clustersMostlyOfAWantedClassAreSelectedInWantedOrder() {
        // cluster 0: 2,2,2,0 ; cluster 1: 1,1,0 ; cluster 2: 0,0,0,1
        int[] clusters = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2};
        int[] truth = {2, 2, 2, 0, 1, 1, 0, 0, 0, 0, 1};
        Selection s = GroundTruthSelector.select(clusters, truth, WANTED, 0.5);
        assertThat(s.groups()).containsExactly(new Selection.Group("membrane", List.of(1)),
                new Selection.Group("large", List.of(0)));
    }

    @Test
    void aClassNoClusterQualifiesForGetsItsRichestFreeCluster() {
        // every cluster is mostly background; cluster 1 holds the most membrane (2 of 5)
        int[] clusters = {0, 0, 0, 1, 1, 1, 1, 1};
        int[] truth = {0, 0, 1, 0, 0, 0, 1, 1};
        Selection s = GroundTruthSelector.select(clusters, truth, WANTED, 0.5);
        assertThat(s.groups()).containsExactly(new Selection.Group("membrane", List.of(1)));
        assertThatThrownBy(() -> GroundTruthSelector.select(new int[] {0, 1}, new int[] {0, 0}, WANTED, 0.5))
                .hasMessageContaining("no cluster holds any pick");
    }

    @Test
    void anOptionalClassIsNamedOnlyWhereClustersAreMostlyIt() {
        Map<Integer, String> wanted = new LinkedHashMap<>(WANTED);
        wanted.put(3, "small");
        // cluster 0: 3,3,3,0 (mostly small) ; cluster 1: 1,1,0 ; cluster 2: 2,2,3
        int[] clusters = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
        int[] truth = {3, 3, 3, 0, 1, 1, 0, 2, 2, 3};
        assertThat(GroundTruthSelector.select(clusters, truth, wanted, 0.5, java.util.Set.of(3)).groups())
                .containsExactly(new Selection.Group("membrane", List.of(1)), new Selection.Group("large", List.of(2)),
                        new Selection.Group("small", List.of(0)));
        // no cluster is mostly small: the optional class gets no group, a required one its richest free cluster
        int[] fewSmall = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
        int[] truth2 = {0, 0, 3, 0, 1, 1, 0, 2, 2, 3};
        assertThat(GroundTruthSelector.select(fewSmall, truth2, wanted, 0.5, java.util.Set.of(3)).groups())
                .extracting(Selection.Group::name).containsExactly("membrane", "large");
        assertThat(GroundTruthSelector.select(fewSmall, truth2, wanted, 0.5).groups())
                .extracting(Selection.Group::name).containsExactly("membrane", "large", "small");
    }
}
