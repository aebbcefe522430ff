package org.cryomine.io.mrc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.cryomine.core.Volume;
import org.cryomine.io.Fixtures;
import org.cryomine.io.ReadOptions;
import org.cryomine.io.StackKind;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in fixtures/mrc written by mrcfile 1.4.3 reads to exactly the values mrcfile reported in
 * written-by-mrcfile.json (shape there is z, y, x).
 */
class MrcFixturesTest {

    static List<Arguments> files() throws IOException {
        JsonNode root = new ObjectMapper().readTree(Fixtures.path("mrc/written-by-mrcfile.json").toFile());
        List<Arguments> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("files").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(Arguments.of(e.getKey(), e.getValue()));
        }
        assertThat(out).hasSize(8);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void readsWhatMrcfileRead(String name, JsonNode expected) {
        Path file = Fixtures.path("mrc/" + name);
        Volume v = Volumes.read(file, ReadOptions.STRICT.withAllowStacks(true));
        JsonNode shape = expected.get("shape_zyx");
        assertThat(new int[] {v.nz(), v.ny(), v.nx()})
                .containsExactly(shape.get(0).asInt(), shape.get(1).asInt(), shape.get(2).asInt());
        double sum = 0;
        for (float f : v.data()) {
            sum += f;
        }
        // numpy sums pairwise in float64, we sum in order: equal to about 1e-12 relative
        assertThat(sum).isCloseTo(expected.get("sum").asDouble(), within(1e-9 * Math.max(1, Math.abs(sum))));
        var stats = v.statistics();
        assertThat((float) stats.min()).isEqualTo((float) expected.get("min").asDouble());
        assertThat((float) stats.max()).isEqualTo((float) expected.get("max").asDouble());
        float[] d = v.data();
        assertThat(d[0]).isEqualTo((float) expected.get("first").asDouble());
        assertThat(d[d.length - 1]).isEqualTo((float) expected.get("last").asDouble());
        assertThat(v.get(3, 2, 1)).isEqualTo((float) expected.get("at_z1_y2_x3").asDouble());

        VolumeHeader h = Volumes.readHeader(file);
        assertThat(h.mode()).isEqualTo(expected.get("mode").asInt());
        assertThat(h.dataType().name()).isEqualTo(expected.get("dtype").asText().toUpperCase());
        if (expected.has("voxel_size_xyz")) {
            JsonNode vs = expected.get("voxel_size_xyz");
            assertThat(new double[] {h.voxelSize().x(), h.voxelSize().y(), h.voxelSize().z()})
                    .containsExactly(vs.get(0).asDouble(), vs.get(1).asDouble(), vs.get(2).asDouble());
            assertThat(v.voxelSize().x()).isEqualTo(vs.get(0).asDouble());
        }
        if (expected.has("origin_xyz")) {
            JsonNode o = expected.get("origin_xyz");
            assertThat(new double[] {h.origin().x(), h.origin().y(), h.origin().z()})
                    .containsExactly(o.get(0).asDouble(), o.get(1).asDouble(), o.get(2).asDouble());
        }
        if (expected.has("nsymbt")) {
            assertThat(h.nsymbt()).isEqualTo(expected.get("nsymbt").asInt());
            assertThat(MrcFormat.readExtendedHeader(file, ReadOptions.STRICT)).hasSize(h.nsymbt());
        }
        if (expected.has("byte_order")) {
            assertThat(h.bigEndian()).isEqualTo("big".equals(expected.get("byte_order").asText()));
        }
        if (expected.has("labels")) {
            for (JsonNode label : expected.get("labels")) {
                assertThat(h.labels()).contains(label.asText());
            }
        }
        if (expected.has("ispg")) {
            assertThat(h.ispg()).isEqualTo(expected.get("ispg").asInt());
            assertThat(h.stackKind()).isEqualTo(StackKind.IMAGE_STACK);
        } else {
            assertThat(h.stackKind()).isEqualTo(StackKind.VOLUME);
        }
        assertThat(MrcValidator.validate(file)).as("mrcfile.validate passes these files").isEmpty();
    }
}
