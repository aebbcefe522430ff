package org.cryomine.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cryomine.core.Volume;
import org.cryomine.segmentation.Selection;
import org.junit.jupiter.api.Test;

/** Picks labelled from a hand-built label map, and clusters grouped by those labels. */
class LabelMapSelectorTest {

    @Test
    void aPickTakesItsCentreLabelOrTheCommonestNonZeroLabelNearby() {
        Volume labels = Volume.zeros(20, 20, 20);
        labels.set(5, 5, 5, 3);                 // centre voxel labelled
        labels.set(10, 10, 11, 1);              // background centre, membrane 1 voxel away (one voxel) ...
        labels.set(11, 10, 10, 2);              // ... and label 2 on two voxels: 2 wins
        labels.set(9, 10, 10, 2);
        labels.set(15, 15, 18, 4);              // 3 voxels away: beyond the search radius
        List<int[]> centres = List.of(new int[] {5, 5, 5}, new int[] {10, 10, 10}, new int[] {15, 15, 15},
                new int[] {30, 0, 0});
        assertThat(LabelMapSelector.labelsAt(labels, centres)).containsExactly(3, 2, 0, 0);
    }

    @Test
    void clustersMostlyOfAGroupsLabelsFormThatGroup() {
        // cluster 0: labels 2,3,3,0 (globule = 2 or 3: 3 of 4); cluster 1: 1,1,0 (membrane); cluster 2: 0,0,1
        int[] clusters = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
        int[] labels = {2, 3, 3, 0, 1, 1, 0, 0, 0, 1};
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        groups.put("membrane", List.of(1));
        groups.put("globule", List.of(2, 3));
        Selection s = LabelMapSelector.select(clusters, labels, groups, 0.5);
        assertThat(s.groups()).containsExactly(new Selection.Group("membrane", List.of(1)),
                new Selection.Group("globule", List.of(0)));
        groups.put("other", List.of(3));
        assertThatThrownBy(() -> LabelMapSelector.select(clusters, labels, groups, 0.5))
                .hasMessageContaining("label 3 is given to two groups");
        assertThatThrownBy(() -> LabelMapSelector.select(clusters, labels, Map.of("m", List.of(1)), 1.5))
                .hasMessageContaining("(0, 1)");
    }
}
