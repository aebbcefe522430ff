package org.cryomine.pipeline;

import java.util.List;
import org.cryomine.core.Volume;

/** Averages of the member subvolumes of each cluster (the paper's Fig. 8), in one pass over the boxes. */
final class MemberAverages {

    private MemberAverages() {
    }

    /**
     * @param boxes       the subvolumes (all the same size; read once each)
     * @param assignments cluster of each box
     * @param k           number of clusters
     * @return one average per cluster, null for an empty cluster
     */
    static Volume[] of(List<Volume> boxes, int[] assignments, int k) {
        double[][] sums = new double[k][];
        int[] counts = new int[k];
        Volume first = boxes.get(0);
        for (int i = 0; i < boxes.size(); i++) {
            int c = assignments[i];
            float[] v = boxes.get(i).data();
            if (sums[c] == null) {
                sums[c] = new double[v.length];
            }
            for (int j = 0; j < v.length; j++) {
                sums[c][j] += v[j];
            }
            counts[c]++;
        }
        Volume[] out = new Volume[k];
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                continue;
            }
            float[] avg = new float[sums[c].length];
            for (int j = 0; j < avg.length; j++) {
                avg[j] = (float) (sums[c][j] / counts[c]);
            }
            out[c] = Volume.wrap(avg, first.nx(), first.ny(), first.nz(), first.voxelSize(), org.cryomine.core.Vec3.ZERO);
        }
        return out;
    }
}
