package org.cryomine.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryomine.core.CryomineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectionTest {

    @TempDir
    Path dir;

    @Test
    void fileAndCommandLineFormsAreEquivalent() throws Exception {
        Path file = dir.resolve("sel.json");
        // The example given in the pipeline issue.
        Files.writeString(file, "{\"groups\": [{\"name\": \"membrane\", \"clusters\": [3, 17]},"
                + " {\"name\": \"globule\", \"clusters\": [5, 9]}]}");
        Selection fromFile = Selection.load(file);
        Selection fromArgs = Selection.parse(List.of("membrane=3,17", "globule=5,9"));
        assertThat(fromFile).isEqualTo(fromArgs);
        assertThat(fromFile.labelOf(17)).isEqualTo(1);
        assertThat(fromFile.labelOf(5)).isEqualTo(2);
        assertThat(fromFile.labelOf(4)).isZero();
        assertThat(fromFile.labelCount()).isEqualTo(3);
    }

    @Test
    void writeThenReadRoundTripsAndRefusesToOverwrite() throws Exception {
        Selection s = Selection.parse(List.of("surface=1,2,0", "large=7"));
        Path file = dir.resolve("out.json");
        s.save(file, false);
        assertThat(Selection.load(file)).isEqualTo(s);
        assertThatThrownBy(() -> s.save(file, false)).isInstanceOf(CryomineException.class).hasMessageContaining("exists");
        s.save(file, true);
    }

    @Test
    void aGroupIsAMembraneWhenItSaysSoOrItsNameHoldsMembraneOrVesicle() throws Exception {
        Selection s = Selection.fromJson("{\"groups\": [{\"name\": \"Plasma_Membrane\", \"clusters\": [1]},"
                + " {\"name\": \"vesicles\", \"clusters\": [2]}, {\"name\": \"ribosome\", \"clusters\": [3]},"
                + " {\"name\": \"envelope\", \"clusters\": [4], \"kind\": \"membrane\"},"
                + " {\"name\": \"membrane_protein\", \"clusters\": [5], \"kind\": \"Other\"}]}", "test");
        assertThat(s.membraneGroups()).containsExactly("Plasma_Membrane", "vesicles", "envelope");
        assertThat(s.groups().get(4).kind()).as("an explicit kind wins over the name").isEqualTo(Selection.Kind.OTHER);
        assertThat(s.groupsOf(Selection.Kind.PARTICLE)).as("any other name").containsExactly("ribosome");
        Path file = dir.resolve("kinds.json");
        s.save(file);
        assertThat(Selection.load(file)).isEqualTo(s);
        assertThat(Files.readString(file)).contains("\"kind\" : \"membrane\"").contains("\"kind\" : \"other\"")
                .contains("\"kind\" : \"particle\"");
        Selection changed = s.withKind("ribosome", Selection.Kind.MEMBRANE).withKind("vesicles", Selection.Kind.OTHER);
        assertThat(changed.membraneGroups()).containsExactly("Plasma_Membrane", "ribosome", "envelope");
        assertThat(s.membraneGroups()).as("not modified").containsExactly("Plasma_Membrane", "vesicles", "envelope");
        assertThatThrownBy(() -> s.withKind("actin", Selection.Kind.MEMBRANE)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("'actin'").hasMessageContaining("--kind");
        assertThatThrownBy(() -> Selection.fromJson("{\"groups\": [{\"name\": \"m\", \"clusters\": [1], "
                + "\"kind\": \"sheet\"}]}", "sel.json")).isInstanceOf(CryomineException.class)
                .hasMessageContaining("sel.json").hasMessageContaining("'sheet' is not a group kind");
        assertThatThrownBy(() -> Selection.fromJson("{\"groups\": [{\"name\": \"m\", \"clusters\": [1], "
                + "\"kind\": 3}]}", "sel.json")).isInstanceOf(CryomineException.class)
                .hasMessageContaining("\"membrane\", \"particle\" or \"other\"");
    }

    @Test
    void badSelectionsSayWhatIsWrong() throws Exception {
        assertThatThrownBy(() -> Selection.parse(List.of("a=1,2", "b=2"))).hasMessageContaining("cluster 2 is in both groups");
        assertThatThrownBy(() -> Selection.parse(List.of("a1,2"))).hasMessageContaining("NAME=C1,C2");
        assertThatThrownBy(() -> Selection.parse(List.of("a=x"))).hasMessageContaining("'x' is not a cluster number");
        assertThatThrownBy(() -> Selection.parse(List.of("a=1", "a=2"))).hasMessageContaining("used twice");
        assertThatThrownBy(() -> Selection.parse(List.of("a=1,120")).requireClustersBelow(100))
                .hasMessageContaining("[120]").hasMessageContaining("only 100 clusters");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"clusters\": [1]}");
        assertThatThrownBy(() -> Selection.load(bad)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("no \"groups\" array");
        Files.writeString(bad, "{\"groups\": [{\"name\": \"m\", \"clusters\": [1.5]}]}");
        assertThatThrownBy(() -> Selection.load(bad)).hasMessageContaining("1.5");
        Files.writeString(bad, "not json");
        assertThatThrownBy(() -> Selection.load(bad)).hasMessageContaining(bad.toString());
    }

    @Test
    void groupsAreFoundByNameWithAnErrorNamingTheOption() {
        Selection s = Selection.parse(List.of("membrane=3,17", "globule=5"));
        assertThat(s.groupNames()).containsExactly("membrane", "globule");
        assertThat(s.labelOfGroup("globule", "--x")).isEqualTo(2);
        assertThatThrownBy(() -> s.labelOfGroup("vesicle", "--min-piece")).isInstanceOf(CryomineException.class)
                .hasMessageContaining("--min-piece names the group 'vesicle'").hasMessageContaining("[membrane, globule]");
    }
}
