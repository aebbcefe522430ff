package org.cryomine.io.copick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cryomine.core.CryomineException;
import org.cryomine.io.Volumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration, listings, lookups and names of a copick project, against copick/copick's filesystem layout. */
class CopickProjectTest {

    @TempDir
    Path dir;

    @Test
    void readsTheConfigurationAndListsRunsOfBothRoots() throws IOException {
        CopickProject p = CopickProject.open(CopickFixture.create(dir));
        assertThat(p.config().name()).isEqualTo("fixture");
        assertThat(p.config().overlayRoot()).isEqualTo(dir.resolve("overlay").toAbsolutePath());
        assertThat(p.config().staticRoot()).isEqualTo(dir.resolve("static").toAbsolutePath());
        assertThat(p.config().objectNames()).containsExactly("ribosome", "membrane", "apoferritin");
        PickableObject ribosome = p.config().object("ribosome").orElseThrow();
        assertThat(ribosome.label()).isEqualTo(1);
        assertThat(ribosome.color()).containsExactly(0, 117, 220, 255);
        assertThat(ribosome.radius()).isEqualTo(150.0);
        assertThat(ribosome.pdbId()).isEqualTo("4V9D");
        assertThat(p.config().object("apoferritin").orElseThrow().color()).isEqualTo(PickableObject.DEFAULT_COLOR);
        assertThat(p.config().object("membrane").orElseThrow().isParticle()).isFalse();
        // the hidden folder is skipped, the overlay's run joins the static ones
        assertThat(p.runs()).containsExactly("TS_1", "TS_2", "TS_3");
        assertThat(p.voxelSpacings("TS_1")).containsExactly(10.0);
        // feature maps are not tomograms (copick: tomo types containing "features" are left out)
        assertThat(p.tomogramTypes("TS_1", 10)).containsExactly("denoised", "wbp");
    }

    @Test
    void findsTomogramsInTheStaticRootFirstThenTheOverlay() throws IOException {
        CopickProject p = CopickProject.open(CopickFixture.create(dir));
        assertThat(p.tomogram("TS_1", 10, "wbp"))
                .isEqualTo(dir.resolve("static/ExperimentRuns/TS_1/VoxelSpacing10.000/wbp.zarr").toAbsolutePath());
        assertThat(p.tomogram("TS_3", 10.0004, "denoised"))
                .isEqualTo(dir.resolve("overlay/ExperimentRuns/TS_3/VoxelSpacing10.000/denoised.zarr").toAbsolutePath());
        // a copy in the overlay does not hide the static one
        CopickFixture.tomogram(dir.resolve("overlay"), "TS_1", "wbp", 9);
        assertThat(p.tomogram("TS_1", 10, "wbp").toString()).contains("static");
        assertThat(Volumes.readHeader(p.tomogram("TS_2", 10, "denoised")).nx()).isEqualTo(12);
    }

    @Test
    void aMissingTomogramSaysWhatTheProjectHas() throws IOException {
        CopickProject p = CopickProject.open(CopickFixture.create(dir));
        assertThatThrownBy(() -> p.tomogram("TS_9", 10, "denoised")).isInstanceOf(CryomineException.class)
                .hasMessageContaining("no run 'TS_9'").hasMessageContaining("[TS_1, TS_2, TS_3]");
        assertThatThrownBy(() -> p.tomogram("TS_1", 7.84, "denoised"))
                .hasMessageContaining("no voxel spacing 7.840 Å in run 'TS_1'").hasMessageContaining("[10.000]");
        assertThatThrownBy(() -> p.tomogram("TS_1", 10, "isonet"))
                .hasMessageContaining("no tomogram of type 'isonet'").hasMessageContaining("[denoised, wbp]");
    }

    @Test
    void picksAndSegmentationsGoUnderTheOverlayWithCopicksNames() throws IOException {
        CopickProject p = CopickProject.open(CopickFixture.create(dir));
        CopickSession s = new CopickSession("cryomine", "0");
        // copick: {run.overlay_path}/Picks/{user_id}_{session_id}_{pickable_object_name}.json
        assertThat(p.picksFile("TS_1", s, "ribosome"))
                .isEqualTo(dir.resolve("overlay/ExperimentRuns/TS_1/Picks/cryomine_0_ribosome.json").toAbsolutePath());
        // copick: {voxel_size:.3f}_{user_id}_{session_id}_{name}-multilabel.zarr under Segmentations
        assertThat(p.segmentationStore("TS_1", 10, s, "groups", true)).isEqualTo(dir.resolve(
                "overlay/ExperimentRuns/TS_1/Segmentations/10.000_cryomine_0_groups-multilabel.zarr").toAbsolutePath());
        assertThat(p.segmentationStore("TS_1", 13.48, s, "membrane", false).getFileName().toString())
                .isEqualTo("13.480_cryomine_0_membrane.zarr");
    }

    @Test
    void groupsMapToListedObjectsOrAreRefused() throws IOException {
        CopickProject p = CopickProject.open(CopickFixture.create(dir));
        assertThat(p.objectsOf(List.of("ribosome", "blob"), Map.of("blob", "apoferritin")))
                .extracting(PickableObject::label).containsExactly(1, 5);
        assertThatThrownBy(() -> p.objectsOf(List.of("ribosome", "globule"), Map.of()))
                .isInstanceOf(CryomineException.class).hasMessageContaining("'globule'")
                .hasMessageContaining("[ribosome, membrane, apoferritin]").hasMessageContaining("GROUP=OBJECT");
        assertThatThrownBy(() -> p.objectsOf(List.of("ribosome"), Map.of("nothing", "membrane")))
                .hasMessageContaining("no group 'nothing'");
        assertThatThrownBy(() -> p.objectsOf(List.of("ribosome", "blob"), Map.of("blob", "ribosome")))
                .hasMessageContaining("would both be copick object 'ribosome'");
    }

    @Test
    void namesFollowCopicksSanitizeRule() {
        // copick/copick src/copick/util/escape.py: white space, '_' and <>:"/\|?* become '-', then '-' stripped
        assertThat(CopickNames.sanitized("my_user name")).isEqualTo("my-user-name");
        assertThat(CopickNames.sanitized("_x?")).isEqualTo("x");
        assertThat(CopickNames.isValid("TS-1.a+b")).isTrue();
        assertThat(CopickNames.isValid("a_b")).isFalse();
        assertThat(CopickNames.isValid("-a")).isFalse();
        assertThat(CopickNames.isValid("")).isFalse();
        assertThatThrownBy(() -> new CopickSession("jane doe", "1")).isInstanceOf(CryomineException.class)
                .hasMessageContaining("use 'jane-doe'");
        assertThatThrownBy(() -> new CopickSession("jane", "a/b")).hasMessageContaining("session id");
    }

    @Test
    void voxelSpacingsAreWrittenAsPythonFormatsThem() {
        // Python 3.11.7: f"{v:.3f}" for 10, 7.84, 2.0625, 1.0005, 0.0005 (exact binary value, ties to even)
        assertThat(CopickNames.voxelSpacing(10)).isEqualTo("10.000");
        assertThat(CopickNames.voxelSpacing(7.84)).isEqualTo("7.840");
        assertThat(CopickNames.voxelSpacing(2.0625)).isEqualTo("2.062");
        assertThat(CopickNames.voxelSpacing(1.0005)).isEqualTo("1.000");
        assertThat(CopickNames.voxelSpacing(0.0005)).isEqualTo("0.001");
        assertThatThrownBy(() -> CopickNames.voxelSpacing(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rootsMayBePlainOrFilePathsButNotRemote() throws IOException {
        Path config = dir.resolve("c.json");
        Files.writeString(config, "{\"config_type\": \"filesystem\", \"pickable_objects\": [], \"overlay_root\": \"file://"
                + dir.resolve("o") + "\"}");
        CopickConfig c = CopickConfig.read(config);
        assertThat(c.overlayRoot()).isEqualTo(dir.resolve("o").toAbsolutePath());
        assertThat(c.staticRoot()).isEqualTo(c.overlayRoot());
        assertThat(c.name()).isEqualTo("CoPick");
        Files.writeString(config, "{\"pickable_objects\": [], \"overlay_root\": \"" + dir.resolve("o") + "\"}");
        assertThat(CopickConfig.read(config).overlayRoot()).isEqualTo(dir.resolve("o").toAbsolutePath());
        Files.writeString(config, "{\"config_type\": \"filesystem\", \"pickable_objects\": [], "
                + "\"overlay_root\": \"ssh:///hpc/project/overlay\"}");
        assertThatThrownBy(() -> CopickConfig.read(config)).hasMessageContaining("not on the local file system");
    }

    @Test
    void badConfigurationsAreRefusedWithTheReason() throws IOException {
        Path config = dir.resolve("c.json");
        Files.writeString(config, "{\"config_type\": \"cryoet_data_portal\", \"pickable_objects\": [], "
                + "\"overlay_root\": \"/tmp/x\", \"dataset_ids\": [10440]}");
        assertThatThrownBy(() -> CopickConfig.read(config)).hasMessageContaining("config_type 'cryoet_data_portal'");
        Files.writeString(config, "{\"config_type\": \"filesystem\", \"pickable_objects\": []}");
        assertThatThrownBy(() -> CopickConfig.read(config)).hasMessageContaining("no overlay_root");
        Files.writeString(config, "{\"overlay_root\": \"/tmp/x\"}");
        assertThatThrownBy(() -> CopickConfig.read(config)).hasMessageContaining("no pickable_objects");
        Files.writeString(config, "{\"overlay_root\": \"/tmp/x\", \"pickable_objects\": [{\"name\": \"my_object\", "
                + "\"is_particle\": true}]}");
        assertThatThrownBy(() -> CopickConfig.read(config)).hasMessageContaining("use 'my-object'");
        Files.writeString(config, "{\"overlay_root\": \"/tmp/x\", \"pickable_objects\": [{\"name\": \"a\", "
                + "\"is_particle\": true, \"label\": 0}]}");
        assertThatThrownBy(() -> CopickConfig.read(config)).hasMessageContaining("label 0");
        Files.writeString(config, "{\"overlay_root\": \"/tmp/x\", \"pickable_objects\": [{\"name\": \"a\"}]}");
        assertThatThrownBy(() -> CopickConfig.read(config)).hasMessageContaining("is_particle");
        Files.writeString(config, "not json");
        assertThatThrownBy(() -> CopickConfig.read(config)).hasMessageContaining("cannot read the copick configuration");
    }
}
