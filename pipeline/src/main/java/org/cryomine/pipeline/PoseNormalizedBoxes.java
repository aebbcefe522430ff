package org.cryomine.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Volume;
import org.cryomine.core.pick.Contrast;
import org.cryomine.core.pick.Subvolume;
import org.cryomine.core.pose.PoseNormalizer;

/**
 * Pose-normalized boxes: box i is cut around centre i and rotated into its principal axes, resampling from
 * the tomogram itself so that no voxel is invented. Computed once, in chunks, and held in memory
 * (128 KiB per 32^3 box), since training reads every box in every epoch.
 */
final class PoseNormalizedBoxes {

    private static final int CHUNK = 512;

    private PoseNormalizedBoxes() {
    }

    /** The normalized boxes, in the order of {@code raw} (the unnormalized box of each centre). */
    static List<Volume> of(Volume tomogram, List<int[]> centres, List<Volume> raw, Contrast contrast,
                           ProgressListener progress) {
        PoseNormalizer normalizer = PoseNormalizer.withDefaults().withContrast(contrast);
        List<Volume> out = new ArrayList<>(centres.size());
        for (int start = 0; start < centres.size(); start += CHUNK) {
            List<Subvolume> chunk = new ArrayList<>(CHUNK);
            for (int i = start; i < Math.min(centres.size(), start + CHUNK); i++) {
                int[] c = centres.get(i);
                chunk.add(new Subvolume("tomogram", c[0], c[1], c[2], 0, raw.get(i)));
            }
            for (Subvolume s : normalizer.normalize(chunk, tomogram)) {
                out.add(s.voxels());
            }
            progress.onProgress("pose normalization", out.size(), centres.size());
        }
        return out;
    }
}
