package org.cryomine.pipeline;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;

/**
 * Where the cluster report gets the boxes it shows: the average of each cluster's members and a few members'
 * pictures. A run on one machine reads them from its box list ({@link #of(List)}); a distributed run gathers them
 * from where its boxes are cut, in one pass (e.g. the Spark job of the {@code spark} module).
 */
public interface ReportBoxes {

    /**
     * The member averages and the asked-for boxes.
     *
     * @param averages  one average per cluster (box-sized, x fastest), null for an empty cluster
     * @param boxes     the boxes asked for, by their index in the run's pick order
     * @param voxelSize the boxes' voxel size in Å, null when there are no boxes
     */
    record Gathered(Volume[] averages, Map<Integer, Volume> boxes, VoxelSize voxelSize) {
        public Gathered {
            Objects.requireNonNull(averages, "averages");
            boxes = Map.copyOf(boxes);
        }
    }

    /**
     * The average of each cluster's members and the boxes {@code wanted}.
     *
     * @param assignments cluster of each box, in the run's pick order
     * @param k           number of clusters
     * @param wanted      indices (in pick order, ascending) of the boxes whose pictures the report shows
     */
    Gathered gather(int[] assignments, int k, int[] wanted) throws IOException;

    /** The report boxes of a list of all boxes in pick order (averaged in one pass over the list). */
    static ReportBoxes of(List<Volume> boxes) {
        Objects.requireNonNull(boxes, "boxes");
        return (assignments, k, wanted) -> {
            Map<Integer, Volume> shown = new java.util.HashMap<>();
            for (int i : wanted) {
                shown.put(i, boxes.get(i));
            }
            return new Gathered(MemberAverages.of(boxes, assignments, k), shown,
                    boxes.isEmpty() ? null : boxes.get(0).voxelSize());
        };
    }
}
