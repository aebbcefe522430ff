package org.cryomine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.core.pick.Contrast;
import org.cryomine.io.Volumes;
import org.cryomine.io.copick.CopickPicks;
import org.cryomine.io.copick.CopickProject;
import org.cryomine.io.copick.CopickSession;
import org.cryomine.io.zarr.OmeZarr;
import org.cryomine.io.zarr.ZarrWriteOptions;
import org.cryomine.nn.CodeAveraging;
import org.cryomine.segmentation.Selection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A copick project as a dataset, and a mined run's picks and a label map written back into it. */
class CopickDatasetTest {

    @TempDir
    Path dir;

    /** Runs TS_1 and TS_2 with "denoised" at 10 Å (TS_2 in the overlay), TS_3 with "wbp" only; objects ribosome, apo. */
    private CopickProject project() throws IOException {
        tomogram(dir.resolve("static"), "TS_1", "denoised");
        tomogram(dir.resolve("overlay"), "TS_2", "denoised");
        tomogram(dir.resolve("static"), "TS_3", "wbp");
        Path config = dir.resolve("copick.json");
        Files.writeString(config, """
                {"config_type": "filesystem", "pickable_objects": [
                  {"name": "ribosome", "is_particle": true, "label": 3},
                  {"name": "apo", "is_particle": true, "label": 7}],
                 "overlay_root": "local://%s", "static_root": "local://%s"}
                """.formatted(dir.resolve("overlay"), dir.resolve("static")));
        return CopickProject.open(config);
    }

    private static void tomogram(Path root, String run, String type) {
        Volume v = Volume.gaussianNoise(10, 9, 8, run.hashCode()).withVoxelSize(VoxelSize.isotropic(10));
        OmeZarr.write(v, root.resolve("ExperimentRuns/" + run + "/VoxelSpacing10.000/" + type + ".zarr"),
                ZarrWriteOptions.defaults());
    }

    @Test
    void theRunsWithTheTomogramMakeTheDataset() throws IOException {
        CopickProject p = project();
        Dataset all = Dataset.ofCopick(p, 10, "denoised", List.of());
        assertThat(all.names()).containsExactly("TS_1", "TS_2");
        assertThat(all.tomogram("TS_2").orElseThrow().path().toString()).contains("overlay");
        assertThat(Dataset.ofCopick(p, 10, "denoised", List.of("TS_2")).names()).containsExactly("TS_2");
        assertThat(Dataset.ofCopick(p, 10, "wbp", List.of()).names()).containsExactly("TS_3");
        assertThatThrownBy(() -> Dataset.ofCopick(p, 10, "denoised", List.of("TS_1", "TS_3")))
                .isInstanceOf(CryomineException.class).hasMessageContaining("no tomogram of type 'denoised' at 10.000 Å "
                        + "in run 'TS_3'; it has [wbp]");
        assertThatThrownBy(() -> Dataset.ofCopick(p, 7, "denoised", List.of()))
                .hasMessageContaining("no run of the copick project").hasMessageContaining("it has [10.000]");
    }

    /** A mined run of TS_1 and TS_2 as MinedRun.open would give it: 4 picks, clusters 0, 1, 2, 1. */
    private MinedRun mined(CopickProject p) {
        Dataset d = Dataset.ofCopick(p, 10, "denoised", List.of());
        return new MinedRun(new RunLayout(dir.resolve("run")), d.tomograms().get(0).path(),
                Volumes.readHeader(d.tomograms().get(0).path()),
                List.of(new int[] {1, 2, 3}, new int[] {4, 5, 6}, new int[] {7, 8, 1}, new int[] {2, 2, 2}),
                new float[4][2], CodeAveraging.NONE, new float[4][2], new int[] {0, 1, 2, 1}, new float[3][2],
                Contrast.DARK, false, d, new int[] {0, 0, 1, 1});
    }

    @Test
    void picksOfEachGroupGoToTheirRunsAsCopickPickFiles() throws IOException {
        CopickProject p = project();
        CopickSession s = new CopickSession("cryomine", "7");
        Selection sel = Selection.parse(List.of("ribosome=1", "blob=0,2"));
        List<CopickExport.PicksWritten> w = CopickExport.picks(mined(p), sel, p, Map.of("blob", "apo"), s, false);
        assertThat(w).extracting(CopickExport.PicksWritten::points).containsExactly(1, 1, 1, 1);
        CopickPicks ribosomeTs1 = CopickPicks.read(p.picksFile("TS_1", s, "ribosome"));
        // pick 1 at voxel (4, 5, 6) of a 10 Å tomogram
        assertThat(ribosomeTs1.points()).containsExactly(CopickPicks.Point.at(40, 50, 60));
        assertThat(ribosomeTs1.runName()).isEqualTo("TS_1");
        assertThat(ribosomeTs1.voxelSpacing()).isEqualTo(10.0);
        assertThat(CopickPicks.read(p.picksFile("TS_2", s, "apo")).points())
                .containsExactly(CopickPicks.Point.at(70, 80, 10));
        assertThat(dir.resolve("overlay/ExperimentRuns/TS_2/Picks/cryomine_7_ribosome.json")).exists();
        assertThatThrownBy(() -> CopickExport.picks(mined(p), sel, p, Map.of("blob", "apo"), s, false))
                .isInstanceOf(CryomineException.class).hasMessageContaining("4 of the copick files exist");
        assertThatThrownBy(() -> CopickExport.picks(mined(p), sel, p, Map.of(), s, true))
                .hasMessageContaining("'blob'");
    }

    @Test
    void aLabelMapBecomesAMultilabelSegmentationWithTheObjectsLabels() throws IOException {
        CopickProject p = project();
        Path labels = dir.resolve("labels.mrc");
        Volumes.write(Volume.fromFunction(10, 9, 8, (x, y, z) -> x < 3 ? 0 : x < 6 ? 1 : 2), labels);
        Path store = CopickExport.labelMap(labels, List.of("ribosome", "apo"), p, "TS_1", 10, CopickSession.TOOL,
                "cryomine", Map.of(), false);
        assertThat(store).isEqualTo(p.config().overlayRoot()
                .resolve("ExperimentRuns/TS_1/Segmentations/10.000_cryomine_0_cryomine-multilabel.zarr"));
        Volume back = Volumes.read(store);
        assertThat(back.get(0, 0, 0)).isEqualTo(0f);
        assertThat(back.get(4, 1, 1)).isEqualTo(3f);
        assertThat(back.get(9, 8, 7)).isEqualTo(7f);
        JsonNode zarray = new ObjectMapper().readTree(store.resolve("0/.zarray").toFile());
        assertThat(zarray.get("dtype").asText()).isEqualTo("|u1");
        assertThatThrownBy(() -> CopickExport.labelMap(labels, List.of("ribosome", "apo"), p, "TS_9", 10,
                CopickSession.TOOL, "cryomine", Map.of(), false)).hasMessageContaining("[TS_9] are no run");
    }
}
