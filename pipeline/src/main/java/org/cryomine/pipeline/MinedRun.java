package org.cryomine.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.cryomine.core.CryomineException;
import org.cryomine.core.pick.Contrast;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
import org.cryomine.nn.CodeAveraging;

/**
 * A finished {@code cryomine mine} run read back from its directory: the picks, their codes and clusters,
 * the centroids, the contrast and the tomogram it came from. Checks that the files agree with each other.
 *
 * @param layout      the run's files
 * @param tomogram    path of the mined tomogram, as recorded
 * @param header      the tomogram's header (size, voxel size)
 * @param centres     pick centres (x, y, z) in voxels
 * @param codes       one code per pick, of the box as it is (decodable)
 * @param codeAveraging how the clustered codes were made from the boxes
 * @param clusteredCodes the codes k-means clustered: {@code codes} itself, or their flip averages
 * @param assignments cluster of each pick
 * @param centroids   cluster centres in code space
 * @param contrast    whether dense matter is dark or bright in the tomogram
 * @param poseNormalized whether the autoencoder was trained on pose-normalized boxes
 * @param dataset     the run's tomograms: one for a single-tomogram run ({@code tomogram} itself)
 * @param tomogramOfPick index into {@code dataset} of each pick's tomogram
 */
public record MinedRun(RunLayout layout, Path tomogram, VolumeHeader header, List<int[]> centres, float[][] codes,
                       CodeAveraging codeAveraging, float[][] clusteredCodes, int[] assignments, float[][] centroids,
                       Contrast contrast, boolean poseNormalized, Dataset dataset, int[] tomogramOfPick) {

    /** Reads the run in {@code runDir}; errors say which stage to (re)run. */
    public static MinedRun open(Path runDir) throws IOException {
        RunManifest manifest = RunManifest.open(runDir);
        if (manifest.parameters(MiningPipeline.Stage.REPORT).isEmpty()) {
            throw new CryomineException(runDir + " holds an unfinished run; rerun 'cryomine mine' on it to finish it");
        }
        RunLayout layout = new RunLayout(runDir);
        Dataset dataset = manifest.dataset().orElse(null);
        Path tomogram = dataset != null ? dataset.tomograms().get(0).path() : manifest.inputPath("tomogram").orElseThrow(
                () -> new CryomineException(runDir + "/manifest.json records no tomogram"));
        if (dataset == null) {
            dataset = Dataset.of(List.of(tomogram));
        }
        VolumeHeader header = Volumes.readHeader(tomogram);
        PickTable picks = PickTable.read(layout.picks());
        float[][] codes = MatrixCsv.read(layout.codes());
        CodeAveraging averaging = CodeAveraging.valueOf(manifest.parameters(MiningPipeline.Stage.ENCODE).orElseThrow()
                .path(MiningPipeline.CODE_AVERAGING).asText(CodeAveraging.NONE.name()));
        float[][] clustered = averaging == CodeAveraging.NONE ? codes : MatrixCsv.read(layout.flipAveragedCodes());
        int[] assignments = MatrixCsv.readColumn(layout.assignments());
        float[][] centroids = MatrixCsv.read(layout.centroids());
        if (codes.length != picks.centres().size() || assignments.length != codes.length
                || clustered.length != codes.length) {
            throw new CryomineException(runDir + " is inconsistent: " + picks.centres().size() + " picks, " + codes.length
                    + " codes and " + assignments.length + " assignments; rerun 'cryomine mine'");
        }
        String first = dataset.tomograms().get(0).name();
        Contrast contrast = Contrast.valueOf(manifest.parameters(MiningPipeline.Stage.PICK)
                .or(() -> manifest.parameters(first, MiningPipeline.Stage.PICK))
                .orElseThrow(() -> new CryomineException(runDir + " records no finished picking; rerun 'cryomine mine'"))
                .path(MiningPipeline.CONTRAST).asText(Contrast.DARK.name()));
        boolean pose = manifest.parameters(MiningPipeline.Stage.TRAIN).orElseThrow().path("poseNormalize").asBoolean(false);
        int[] tomogramOfPick = new int[codes.length];
        if (dataset.size() > 1) {
            List<String> names = dataset.names();
            String[] perPick = PickTable.tomogramNames(layout.picks());
            for (int i = 0; i < perPick.length; i++) {
                tomogramOfPick[i] = names.indexOf(perPick[i]);
                if (tomogramOfPick[i] < 0) {
                    throw new CryomineException(layout.picks() + " row " + (i + 1) + " names tomogram '" + perPick[i]
                            + "', which the run's dataset lacks; rerun 'cryomine mine'");
                }
            }
        }
        return new MinedRun(layout, tomogram, header, picks.centres(), codes, averaging, clustered, assignments, centroids,
                contrast, pose, dataset, tomogramOfPick);
    }

    /** The indices of the picks of tomogram {@code t} of the dataset, in order. */
    public List<Integer> picksOf(int t) {
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < tomogramOfPick.length; i++) {
            if (tomogramOfPick[i] == t) {
                out.add(i);
            }
        }
        return out;
    }

    /** Number of clusters. */
    public int k() {
        return centroids.length;
    }
}
