package org.cryomine.io.copick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Volume;
import org.cryomine.io.PeerPrograms;
import org.cryomine.io.Volumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pick files and segmentations as copick/copick writes them ({@code src/copick/models.py} CopickPicksFile,
 * CopickPoint; {@code src/copick/util/ome.py} write_ome_zarr_3d), read back here and by python3 (json, and zarr
 * 2.13.6 with numcodecs 0.11.0 for the segmentation).
 */
class CopickFilesTest {

    /**
     * copick's pydantic schema of a pick file, restated in Python (copick itself does not install here): the fields
     * of CopickPicksFile and CopickPoint, their types, the 4x4 transformation with last row 0 0 0 1, and names that
     * copick's sanitize_name leaves unchanged. Prints the file back with "ok" when it passes.
     */
    private static final String CHECK_PICKS = String.join("\n",
            "import json, re, sys",
            "d = json.load(open(sys.argv[1]))",
            "assert set(d) == {'pickable_object_name', 'user_id', 'session_id', 'run_name', 'voxel_spacing', 'unit',",
            "                  'points', 'trust_orientation'}, sorted(d)",
            "bad = re.compile(r'[<>:\"/\\\\|?*\\x00-\\x1F\\x7F\\s_]')",
            "for k in ('pickable_object_name', 'user_id', 'session_id'):",
            "    assert isinstance(d[k], str) and not bad.search(d[k]) and d[k] == d[k].strip('-'), k",
            "assert d['run_name'] is None or isinstance(d['run_name'], str)",
            "assert d['voxel_spacing'] is None or isinstance(d['voxel_spacing'], float)",
            "assert d['unit'] == 'angstrom' and isinstance(d['trust_orientation'], bool)",
            "for p in d['points']:",
            "    assert set(p) == {'location', 'transformation_', 'instance_id', 'score'}, sorted(p)",
            "    assert set(p['location']) == {'x', 'y', 'z'} and all(isinstance(v, float) for v in p['location'].values())",
            "    t = p['transformation_']",
            "    assert len(t) == 4 and all(len(r) == 4 for r in t) and t[3] == [0.0, 0.0, 0.0, 1.0]",
            "    assert isinstance(p['instance_id'], int) and isinstance(p['score'], float)",
            "print(json.dumps({'ok': True, 'file': d}))");

    /** Reads a segmentation store with python3-zarr as copick's CopickSegmentation.numpy does (group, level "0"). */
    private static final String READ_SEGMENTATION = String.join("\n",
            "import json, sys, zarr, numpy as np",
            "g = zarr.open_group(sys.argv[1], mode='r')",
            "ms = g.attrs['multiscales'][0]",
            "a = g[ms['datasets'][0]['path']]",
            "v = a[...]",
            "zarray = json.load(open(sys.argv[1] + '/' + ms['datasets'][0]['path'] + '/.zarray'))",
            "u, c = np.unique(v, return_counts=True)",
            "print(json.dumps({'ms': ms, 'dtype': a.dtype.str, 'shape': list(a.shape),",
            "    'separator': zarray.get('dimension_separator', '.'), 'compressor': zarray['compressor'],",
            "    'counts': {str(int(k)): int(n) for k, n in zip(u, c)}, 'at_3_2_1': int(v[1, 2, 3])}))");

    @TempDir
    Path dir;

    private static CopickPicks picks() {
        return new CopickPicks("ribosome", CopickSession.TOOL, "TS_1", 10.0, List.of(CopickPicks.Point.at(120, 50, 30),
                new CopickPicks.Point(10.5, 0, 70, 3, 0.25)), false);
    }

    @Test
    void picksRoundTripWithCopicksFieldsInCopicksOrder() throws IOException {
        Path file = dir.resolve("Picks/cryomine_0_ribosome.json");
        picks().write(file, false);
        assertThat(CopickPicks.read(file)).isEqualTo(picks());
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        // the field order of copick's CopickPicksFile (json.dump of meta.dict())
        assertThat(keys).containsExactly("pickable_object_name", "user_id", "session_id", "run_name", "voxel_spacing",
                "unit", "points", "trust_orientation");
        JsonNode p = json.get("points").get(1);
        assertThat(p.get("location").get("x").asDouble()).isEqualTo(10.5);
        assertThat(p.get("transformation_").get(0).get(0).asDouble()).isEqualTo(1.0);
        assertThat(p.get("transformation_").get(3).toString()).isEqualTo("[0.0,0.0,0.0,1.0]");
        assertThat(json.get("session_id").isTextual()).isTrue();
        assertThatThrownBy(() -> picks().write(file, false)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("exists");
        picks().write(file, true);
    }

    @Test
    void aPickFileMeetsCopicksSchemaInPython() throws IOException {
        assumeTrue(PeerPrograms.pythonHas("json"), "/usr/bin/python3 not installed");
        Path file = dir.resolve("cryomine_0_ribosome.json");
        picks().write(file, false);
        PeerPrograms.Result r = PeerPrograms.python(CHECK_PICKS, file.toString());
        assertThat(r.exitCode).as(r.out).isZero();
        JsonNode d = new ObjectMapper().readTree(r.out).get("file");
        assertThat(d.get("pickable_object_name").asText()).isEqualTo("ribosome");
        assertThat(d.get("run_name").asText()).isEqualTo("TS_1");
        assertThat(d.get("points").get(0).get("location").get("z").asDouble()).isEqualTo(30.0);
        assertThat(d.get("points").get(1).get("score").asDouble()).isEqualTo(0.25);
        assertThat(d.get("points").get(1).get("instance_id").asInt()).isEqualTo(3);
    }

    @Test
    void readsPickFilesAsCopickWritesThem() throws IOException {
        // as copick's json.dump(CopickPicksFile(...).dict(), indent=4) writes a file with one default point
        Path file = dir.resolve("jane_1_ribosome.json");
        Files.writeString(file, """
                {
                    "pickable_object_name": "ribosome",
                    "user_id": "jane",
                    "session_id": "1",
                    "run_name": null,
                    "voxel_spacing": null,
                    "unit": "angstrom",
                    "points": [{"location": {"x": 1.0, "y": 2.0, "z": 3.0},
                                "transformation_": [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0],
                                                    [0.0, 0.0, 0.0, 1.0]],
                                "instance_id": 0, "score": 1.0}],
                    "trust_orientation": true
                }
                """);
        CopickPicks p = CopickPicks.read(file);
        assertThat(p.session()).isEqualTo(new CopickSession("jane", "1"));
        assertThat(p.runName()).isNull();
        assertThat(p.points()).containsExactly(CopickPicks.Point.at(1, 2, 3));
        assertThat(p.trustOrientation()).isTrue();
        Files.writeString(file, "{\"pickable_object_name\": \"ribosome\", \"user_id\": \"jane\"}");
        assertThatThrownBy(() -> CopickPicks.read(file)).hasMessageContaining("no session_id");
    }

    private static Volume labels() {
        // group labels 0, 1, 2 in bands along x
        return Volume.fromFunction(9, 7, 5, (x, y, z) -> x / 3);
    }

    @Test
    void segmentationsCarryCopickLabelsAndReadBack() throws IOException {
        Path store = dir.resolve("Segmentations/10.000_cryomine_0_groups-multilabel.zarr");
        // group 1 is ribosome (copick label 1), group 2 apoferritin (copick label 5)
        CopickSegmentations.write(labels(), new int[] {0, 1, 5}, store, 10, false);
        Volume back = Volumes.read(store);
        assertThat(back.get(0, 0, 0)).isEqualTo(0f);
        assertThat(back.get(4, 6, 4)).isEqualTo(1f);
        assertThat(back.get(8, 0, 2)).isEqualTo(5f);
        assertThat(back.voxelSize().x()).isEqualTo(10.0);
        assertThatThrownBy(() -> CopickSegmentations.write(labels(), new int[] {0, 1}, dir.resolve("x.zarr"), 10, false))
                .isInstanceOf(CryomineException.class).hasMessageContaining("value 2.0");
        // from a label map file, slab by slab
        Path mrc = dir.resolve("labels.mrc");
        Volumes.write(labels(), mrc);
        Path second = CopickSegmentations.write(mrc, new int[] {0, 1, 5}, dir.resolve("from-file.zarr"), 10, false);
        assertThat(Volumes.read(second).data()).containsExactly(back.data());
    }

    @Test
    void aSegmentationOpensInPythonZarrAsCopickReadsIt() throws IOException {
        assumeTrue(PeerPrograms.pythonHas("zarr", "numcodecs"), "python3-zarr / python3-numcodecs not installed");
        Path store = dir.resolve("10.000_cryomine_0_groups-multilabel.zarr");
        CopickSegmentations.write(labels(), new int[] {0, 1, 5}, store, 10, false);
        PeerPrograms.Result r = PeerPrograms.python(READ_SEGMENTATION, store.toString());
        assertThat(r.exitCode).as(r.out).isZero();
        JsonNode d = new ObjectMapper().readTree(r.out);
        assertThat(d.get("dtype").asText()).isEqualTo("|u1");
        assertThat(d.get("shape").toString()).isEqualTo("[5,7,9]");
        assertThat(d.get("separator").asText()).isEqualTo("/");
        assertThat(d.get("compressor").get("cname").asText()).isEqualTo("lz4");
        // 3 x-columns of 7 x 5 voxels each
        assertThat(d.get("counts").toString()).isEqualTo("{\"0\":105,\"1\":105,\"5\":105}");
        assertThat(d.get("at_3_2_1").asInt()).isEqualTo(1);
        JsonNode ms = d.get("ms");
        assertThat(ms.get("version").asText()).isEqualTo("0.4");
        assertThat(ms.get("axes").toString()).isEqualTo("[{\"name\":\"z\",\"type\":\"space\",\"unit\":\"angstrom\"},"
                + "{\"name\":\"y\",\"type\":\"space\",\"unit\":\"angstrom\"},{\"name\":\"x\",\"type\":\"space\","
                + "\"unit\":\"angstrom\"}]");
        assertThat(ms.get("datasets")).hasSize(1);
        // copick's _ome_zarr_transforms: one scale transformation, no translation
        assertThat(ms.get("datasets").get(0).get("coordinateTransformations").toString())
                .isEqualTo("[{\"type\":\"scale\",\"scale\":[10.0,10.0,10.0]}]");
    }
}
