package org.cryomine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cryomine.cli.PipelineCommandsTest.concat;
import static org.cryomine.cli.PipelineCommandsTest.cryomine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryomine.cli.PipelineCommandsTest.Run;
import org.cryomine.core.Volume;
import org.cryomine.io.Volumes;
import org.cryomine.io.particles.Particle;
import org.cryomine.io.particles.ParticleLists;
import org.cryomine.io.zarr.OmeZarr;
import org.cryomine.io.zarr.ZarrWriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny copick project (copick/copick's filesystem layout, src/copick/impl/filesystem.py) mined, its picks exported
 * as copick pick files and a segmentation model's label maps written as copick segmentations.
 */
class CopickCommandsTest {

    private static final String[] TINY = {"--box", "16", "--sigma", "2", "--smoothing-sigma", "1", "--min-distance",
        "6", "--k", "3", "--epochs", "1", "--filters", "4", "--code-size", "8", "--seed", "3", "--max-picks", "30",
        "--quiet"};

    @TempDir
    Path dir;

    /** Runs TS_01 and TS_02, each a simulated tomogram at 14.2 Å as static/ExperimentRuns/RUN/VoxelSpacing14.200/wbp.zarr. */
    private Path project() throws Exception {
        for (String name : List.of("TS_01", "TS_02")) {
            Run sim = cryomine("simulate", "--out", dir.resolve("sim-" + name).toString(), "--size", "56,56,32", "--seed",
                    name.endsWith("1") ? "1" : "2", "--quiet");
            assertThat(sim.exit()).as(sim.err()).isZero();
            Volume v = Volumes.read(dir.resolve("sim-" + name + "/tomogram.mrc"));
            OmeZarr.write(v, dir.resolve("static/ExperimentRuns/" + name + "/VoxelSpacing14.200/wbp.zarr"),
                    ZarrWriteOptions.defaults());
        }
        Path config = dir.resolve("copick.json");
        Files.writeString(config, """
                {"config_type": "filesystem", "name": "tiny", "pickable_objects": [
                  {"name": "ribosome", "is_particle": true, "label": 4, "radius": 120},
                  {"name": "membrane", "is_particle": false, "label": 9}],
                 "overlay_root": "local://%s", "static_root": "local://%s"}
                """.formatted(dir.resolve("overlay"), dir.resolve("static")));
        return config;
    }

    @Test
    void minesACopickProjectAndWritesPicksAndSegmentationsBack() throws Exception {
        Path config = project();
        String[] input = {"--copick", config.toString(), "--copick-voxel-spacing", "14.2", "--copick-tomo-type", "wbp"};
        Path run = dir.resolve("run");
        Run mine = cryomine(concat(concat(new String[] {"mine", "--out", run.toString()}, input), TINY));
        assertThat(mine.exit()).as(mine.err()).isZero();
        assertThat(mine.out()).contains("of 2 tomograms");
        List<Particle> picks = ParticleLists.readStar(run.resolve("picks.star"));
        assertThat(picks.stream().map(Particle::tomoName).distinct().toList()).containsExactly("TS_01", "TS_02");

        Run export = cryomine("export-copick", run.toString(), "--copick", config.toString(), "--group", "ribo=0,1",
                "--group", "membrane=2", "--copick-object", "ribo=ribosome", "--copick-session-id", "1");
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).contains("4 copick pick file(s) written");
        long total = 0;
        for (String r : List.of("TS_01", "TS_02")) {
            for (String object : List.of("ribosome", "membrane")) {
                Path file = dir.resolve("overlay/ExperimentRuns/" + r + "/Picks/cryomine_1_" + object + ".json");
                JsonNode json = new ObjectMapper().readTree(file.toFile());
                assertThat(json.get("run_name").asText()).isEqualTo(r);
                assertThat(json.get("voxel_spacing").asDouble()).isCloseTo(14.2, org.assertj.core.data.Offset.offset(1e-4));
                total += json.get("points").size();
                for (JsonNode p : json.get("points")) {
                    // locations in Å inside the 56 x 56 x 32 tomogram of 14.2 Å voxels
                    assertThat(p.get("location").get("x").asDouble()).isBetween(0.0, 56 * 14.2);
                    assertThat(p.get("location").get("z").asDouble()).isBetween(0.0, 32 * 14.2);
                }
            }
        }
        assertThat(total).as("every pick is in one of the three clusters").isEqualTo(picks.size());
        Run unknown = cryomine("export-copick", run.toString(), "--copick", config.toString(), "--group", "blob=0");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("'blob'").contains("[ribosome, membrane]");

        Path model = dir.resolve("segmodel");
        Run train = cryomine("train-seg", run.toString(), "--group", "ribosome=0,1", "--group", "membrane=2", "--out",
                model.toString(), "--epochs", "1", "--filters", "4", "--level", "0", "--quiet");
        assertThat(train.exit()).as(train.err()).isZero();
        Run seg = cryomine(concat(new String[] {"segment", model.toString(), "--copick-segmentation", "cryomine",
            "--copick-runs", "TS_02", "--allow-empty", "--quiet"}, input));
        assertThat(seg.exit()).as(seg.err()).isZero();
        Path store = dir.resolve("overlay/ExperimentRuns/TS_02/Segmentations/14.200_cryomine_0_cryomine-multilabel.zarr");
        assertThat(seg.out()).contains(store.toString());
        Volume labels = Volumes.read(store);
        assertThat(labels.shape()).containsExactly(56, 56, 32);
        for (float l : labels.data()) {
            assertThat(l).isIn(0f, 4f, 9f);
        }
        assertThat(dir.resolve("overlay/ExperimentRuns/TS_01/Segmentations")).doesNotExist();
    }

    @Test
    void theInputIsTomogramsOrACopickProject() throws Exception {
        Run none = cryomine("mine", "--out", dir.resolve("r").toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("give the tomograms").contains("--copick");
        Path config = project();
        Run both = cryomine("mine", dir.resolve("sim-TS_01/tomogram.mrc").toString(), "--out", dir.resolve("r").toString(),
                "--copick", config.toString(), "--copick-voxel-spacing", "14.2", "--copick-tomo-type", "wbp");
        assertThat(both.err()).contains("not both");
        Run noType = cryomine("mine", "--out", dir.resolve("r").toString(), "--copick", config.toString());
        assertThat(noType.err()).contains("--copick-tomo-type");
        Run wrongType = cryomine("mine", "--out", dir.resolve("r").toString(), "--copick", config.toString(),
                "--copick-voxel-spacing", "14.2", "--copick-tomo-type", "denoised");
        assertThat(wrongType.err()).contains("no run of the copick project").contains("it has [wbp]");
        Run segOut = cryomine("segment", dir.resolve("nomodel").toString(), "--copick-segmentation", "x");
        assertThat(segOut.exit()).isEqualTo(2);
    }
}
