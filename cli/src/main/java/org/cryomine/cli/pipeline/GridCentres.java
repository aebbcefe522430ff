package org.cryomine.cli.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.Volume;

/** Centres of boxes on a regular grid that lie wholly inside a tomogram. */
final class GridCentres {

    private GridCentres() {
    }

    /** Centres (x, y, z) every {@code step} voxels, first box at the origin corner, boxes inside only. */
    static List<int[]> of(Volume tomogram, int box, int step) {
        List<int[]> out = new ArrayList<>();
        for (int z = box / 2; z - box / 2 + box <= tomogram.nz(); z += step) {
            for (int y = box / 2; y - box / 2 + box <= tomogram.ny(); y += step) {
                for (int x = box / 2; x - box / 2 + box <= tomogram.nx(); x += step) {
                    out.add(new int[] {x, y, z});
                }
            }
        }
        return out;
    }
}
