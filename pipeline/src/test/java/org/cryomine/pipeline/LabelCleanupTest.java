package org.cryomine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cryomine.core.pick.Contrast;
import org.cryomine.nn.CodeAveraging;
import org.cryomine.segmentation.Selection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelCleanupTest {

    @TempDir
    Path dir;

    private static final Selection TWO = Selection.fromJson("{\"groups\": [{\"name\": \"membrane\", \"clusters\": [0]}, "
            + "{\"name\": \"globule\", \"clusters\": [1]}]}", "test");

    private static SegModel model(Path dir, List<Integer> objectVoxels) {
        return new SegModel(dir, TWO, Double.NaN, List.of(0.5, 1.0), Contrast.DARK, 32, "", CodeAveraging.NONE,
                objectVoxels, null, 1);
    }

    @Test
    void eachGroupLosesPiecesUnderTheFractionOfItsTypicalObjectUnlessAnExplicitSizeIsGiven() {
        SegModel model = model(dir, List.of(2600, 1800));
        SegmentSettings fifth = SegmentSettings.defaults().withMinPieceFraction(0.2);
        assertThat(new LabelCleanup(model, fifth).minPieces()).containsExactly(Map.entry("membrane", 520),
                Map.entry("globule", 360));
        assertThat(new LabelCleanup(model, fifth.withMinPieces(Map.of("globule", 50))).minPieces())
                .as("an explicit --min-piece wins for its group").containsEntry("globule", 50)
                .containsEntry("membrane", 520);
        assertThat(new LabelCleanup(model, fifth.withMinPieceFraction(0)).minPieces()).isEmpty();
        assertThat(new LabelCleanup(model(dir, List.of(3, 0)), fifth).minPieces()).as("at least 1 voxel")
                .containsExactly(Map.entry("membrane", 1), Map.entry("globule", 1));
        assertThat(new LabelCleanup(model(dir, List.of()), fifth).minPieces())
                .as("a model that does not record its objects' sizes keeps its pieces").isEmpty();
    }

    @Test
    void theRecommendedRecipeRemovesAFifthThePaperNothing() {
        assertThat(Recipe.RECOMMENDED.segmenting().minPieceFraction()).isEqualTo(Recipe.MIN_PIECE_FRACTION)
                .isEqualTo(0.2);
        assertThat(Recipe.PAPER.segmenting().minPieceFraction()).isZero();
        assertThat(SegmentSettings.defaults().minPieceFraction()).isZero();
        assertThat(Recipe.RECOMMENDED.segmenting().needsWholeMap()).as("a tomogram read by region still segments")
                .isFalse();
        assertThatThrownBy(() -> SegmentSettings.defaults().withMinPieceFraction(1.5))
                .hasMessageContaining("--min-piece-fraction");
        assertThatThrownBy(() -> SegmentSettings.defaults().withMinPieceFraction(Double.NaN))
                .hasMessageContaining("--min-piece-fraction");
    }

    @Test
    void membraneGroupsAreCompletedAsSpheresInTheRecommendedRecipeOnly() {
        SegModel model = model(dir, List.of(2600, 1800));
        assertThat(Recipe.RECOMMENDED.segmenting().completeMembranes()).isTrue();
        assertThat(Recipe.PAPER.segmenting().completeMembranes()).isFalse();
        assertThat(SegmentSettings.defaults().completeMembranes()).isFalse();
        assertThat(new LabelCleanup(model, Recipe.RECOMMENDED.segmenting()).sphereGroups()).containsExactly("membrane");
        assertThat(new LabelCleanup(model, Recipe.PAPER.segmenting()).sphereGroups()).isEmpty();
        assertThat(new LabelCleanup(model, SegmentSettings.defaults().withSphereGroups(List.of("globule"))).sphereGroups())
                .containsExactly("globule");
        assertThat(new LabelCleanup(model, Recipe.RECOMMENDED.segmenting().withSphereGroups(List.of("globule",
                "membrane"))).sphereGroups()).as("once each, in label order").containsExactly("membrane", "globule");
        assertThat(Recipe.RECOMMENDED.segmenting().needsWholeMap())
                .as("a tomogram read by region still segments, its membranes as segmented").isFalse();
    }

    @Test
    void particlePiecesOverFiveTypicalObjectsAreRemovedInTheRecommendedRecipeOnly() {
        SegModel model = model(dir, List.of(2600, 1800));
        assertThat(Recipe.RECOMMENDED.segmenting().maxPieceMultiple()).isEqualTo(Recipe.MAX_PIECE_MULTIPLE).isEqualTo(5);
        assertThat(Recipe.PAPER.segmenting().maxPieceMultiple()).isZero();
        assertThat(SegmentSettings.defaults().maxPieceMultiple()).isZero();
        assertThat(new LabelCleanup(model, Recipe.RECOMMENDED.segmenting()).maxPieces())
                .as("the globule group is a particle group by its name; membranes are not limited")
                .containsExactly(Map.entry("globule", 9000L));
        assertThat(new LabelCleanup(model, Recipe.PAPER.segmenting()).maxPieces()).isEmpty();
        SegModel carbon = new SegModel(dir, TWO.withKind("globule", Selection.Kind.OTHER), Double.NaN,
                List.of(0.5, 1.0), Contrast.DARK, 32, "", CodeAveraging.NONE, List.of(2600, 1800), null, 1);
        assertThat(new LabelCleanup(carbon, Recipe.RECOMMENDED.segmenting()).maxPieces())
                .as("extended objects of kind other keep their pieces").isEmpty();
        assertThat(new LabelCleanup(model(dir, List.of()), Recipe.RECOMMENDED.segmenting()).maxPieces())
                .as("a model that does not record its objects' sizes keeps its pieces").isEmpty();
        assertThat(new LabelCleanup(model, SegmentSettings.defaults().withMaxPieceMultiple(1.5)).maxPieces())
                .containsExactly(Map.entry("globule", 2700L));
        assertThat(new LabelCleanup(model, Recipe.RECOMMENDED.segmenting().withSphereGroups(List.of("globule")))
                .maxPieces()).as("a group completed as spheres holds large shells").isEmpty();
        assertThat(new LabelCleanup(model, Recipe.RECOMMENDED.segmenting()).skippedByRegion())
                .as("what a map written slab by slab goes without").hasSize(4)
                .anySatisfy(m -> assertThat(m).contains("--sheets-to-membranes"))
                .anySatisfy(m -> assertThat(m).contains("--min-piece-fraction"))
                .anySatisfy(m -> assertThat(m).contains("--max-piece-multiple"))
                .anySatisfy(m -> assertThat(m).contains("[membrane]").contains("--complete-membranes"));
        assertThat(new LabelCleanup(model, Recipe.PAPER.segmenting()).skippedByRegion()).isEmpty();
        assertThat(LabelCleanup.mostlyRemoved("group 1", 34, 100)).as("as much as the suite's carbon film").isEmpty();
        assertThat(LabelCleanup.mostlyRemoved("group 1", 0, 0)).isEmpty();
        assertThat(LabelCleanup.mostlyRemoved("group 1", 80, 100)).hasValueSatisfying(m -> assertThat(m)
                .contains("group 1: 80%").contains("select --kind group 1=membrane").contains("--max-piece-multiple 0"));
        assertThatThrownBy(() -> SegmentSettings.defaults().withMaxPieceMultiple(0.5))
                .hasMessageContaining("--max-piece-multiple").hasMessageContaining("at least 1");
        assertThatThrownBy(() -> SegmentSettings.defaults().withMaxPieceMultiple(Double.POSITIVE_INFINITY))
                .hasMessageContaining("--max-piece-multiple");
    }

    /** A 32^3 map: a membrane sheet (label 1) at x < 12, z 10-12, and a globule patch (label 2) continuing it. */
    private static org.cryomine.core.Volume sheetAndPatch() {
        int n = 32;
        float[] d = new float[n * n * n];
        for (int z = 10; z < 13; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < 28; x++) {
                    d[x + n * (y + n * z)] = x < 12 ? 1 : x > 12 && y > 4 && y < 26 ? 2 : 0;
                }
            }
        }
        return org.cryomine.core.Volume.wrap(d, n, n, n);
    }

    @Test
    void particlePiecesShapedLikeMembraneJoinTheMembraneInTheRecommendedRecipeOnly() {
        assertThat(Recipe.RECOMMENDED.segmenting().sheetsToMembranes()).isEqualTo(Recipe.SHEETS_TO_MEMBRANES).isTrue();
        assertThat(Recipe.PAPER.segmenting().sheetsToMembranes()).isFalse();
        assertThat(SegmentSettings.defaults().sheetsToMembranes()).isFalse();
        int patch = 32 * (15 + 32 * 11) + 20;
        org.cryomine.core.Volume labels = sheetAndPatch();
        new LabelCleanup(model(dir, List.of(2600, 1800)), SegmentSettings.defaults().withSheetsToMembranes(true))
                .apply(labels);
        assertThat(labels.data()[patch]).as("the globule patch beside the membrane joined it").isEqualTo(1f);
        labels = sheetAndPatch();
        new LabelCleanup(model(dir, List.of(2600, 1800)), SegmentSettings.defaults()).apply(labels);
        assertThat(labels.data()[patch]).as("off").isEqualTo(2f);
        labels = sheetAndPatch();
        SegModel noMembrane = new SegModel(dir, TWO.withKind("membrane", Selection.Kind.OTHER), Double.NaN,
                List.of(0.5, 1.0), Contrast.DARK, 32, "", CodeAveraging.NONE, List.of(2600, 1800), null, 1);
        new LabelCleanup(noMembrane, SegmentSettings.defaults().withSheetsToMembranes(true)).apply(labels);
        assertThat(labels.data()[patch]).as("no membrane group to join").isEqualTo(2f);
    }

    @Test
    void segmodelJsonKeepsTheSizesAndOlderModelsReadWithout() throws Exception {
        Files.writeString(dir.resolve("segmodel.json"), "{\"format\": \"" + SegModel.FORMAT + "\", \"selection\": "
                + TWO.toJson() + ", \"level\": 1.0, \"contrast\": \"DARK\", \"boxSize\": 32, \"picker\": \"\"}");
        assertThat(SegModel.open(dir).groupObjectVoxels()).as("written before the sizes were recorded").isEmpty();
        Path written = dir.resolve("written");
        Files.createDirectories(written);
        model(written, List.of(2600, 1800)).writeDescription(SegTrainSettings.recommended(), 10);
        assertThat(SegModel.open(written).groupObjectVoxels()).containsExactly(2600, 1800);
        assertThat(Files.readString(written.resolve("segmodel.json"))).contains("\"groupObjectVoxels\"");
        assertThatThrownBy(() -> model(dir, List.of(1))).hasMessageContaining("1 object sizes for 2 groups");
    }
}
