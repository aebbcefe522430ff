package org.cryomine.io.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.io.PeerPrograms;
import org.cryomine.io.ReadOptions;
import org.cryomine.io.SlabWriter;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stores cryomine writes: read back by cryomine and by python3-zarr 2.13.6 with equal data and metadata. */
class ZarrWriterTest {

    /** Prints, per level of the group argv[1], what python3-zarr reads: shape, dtype, chunks, sha256 of float32. */
    private static final String READ_WITH_ZARR = String.join("\n",
            "import hashlib, json, sys, zarr, numpy as np",
            "g = zarr.open_group(sys.argv[1], mode='r')",
            "ms = g.attrs['multiscales'][0]",
            "out = {'multiscales': ms, 'levels': []}",
            "for d in ms['datasets']:",
            "    a = g[d['path']]",
            "    v = a[...]",
            "    out['levels'].append({'shape': list(a.shape), 'dtype': a.dtype.str, 'chunks': list(a.chunks),",
            "        'compressor': a.compressor.get_config() if a.compressor else None,",
            "        'sha': hashlib.sha256(v.astype('<f4').tobytes()).hexdigest()})",
            "print(json.dumps(out))");

    @TempDir
    Path dir;

    private static Volume noise() {
        return Volume.gaussianNoise(37, 29, 21, 3).withVoxelSize(new VoxelSize(10.5, 10.5, 12)).withOrigin(new Vec3(1, 2, 3));
    }

    private static Volume labels() {
        return Volume.fromFunction(37, 29, 21, (x, y, z) -> (x / 5 + 3 * (y / 7) + 5 * (z / 4)) % 7 == 0 ? 0
                : (x + 2 * y + 3 * z) % 200);
    }

    private static String sha(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode readWithPython(Path store) throws IOException {
        assumeTrue(PeerPrograms.pythonHas("zarr", "numcodecs"), "python3-zarr / python3-numcodecs not installed");
        PeerPrograms.Result r = PeerPrograms.python(READ_WITH_ZARR, store.toString());
        assertThat(r.exitCode).as(r.out).isZero();
        return new ObjectMapper().readTree(r.out);
    }

    @Test
    void float32StoreOpensInPythonZarrWithEqualDataAndMetadata() throws IOException {
        Volume v = noise();
        Path store = dir.resolve("noise.zarr");
        OmeZarr.write(v, store, ZarrWriteOptions.defaults().withChunkSize(16));
        assertThat(Volumes.read(store).data()).containsExactly(v.data());
        assertThat(Volumes.read(store).origin()).isEqualTo(v.origin());
        JsonNode py = readWithPython(store);
        JsonNode level = py.path("levels").get(0);
        assertThat(level.path("shape").toString()).isEqualTo("[21,29,37]");
        assertThat(level.path("dtype").asText()).isEqualTo("<f4");
        assertThat(level.path("chunks").toString()).isEqualTo("[16,16,16]");
        assertThat(level.path("compressor").path("cname").asText()).isEqualTo("lz4");
        assertThat(level.path("compressor").path("shuffle").asInt()).isEqualTo(1);
        assertThat(level.path("sha").asText()).isEqualTo(sha(v.data()));
        JsonNode ms = py.path("multiscales");
        assertThat(ms.path("version").asText()).isEqualTo("0.4");
        assertThat(ms.path("axes").toString()).contains("\"name\":\"z\"", "\"unit\":\"angstrom\"");
        JsonNode t = ms.path("datasets").get(0).path("coordinateTransformations");
        assertThat(t.get(0).path("scale").toString()).isEqualTo("[12.0,10.5,10.5]");
        assertThat(t.get(1).path("translation").toString()).isEqualTo("[3.0,2.0,1.0]");
    }

    @Test
    void everyCompressorWritesWhatPythonZarrReads() throws IOException {
        Volume v = noise();
        List<ZarrCompressor> compressors = List.of(ZarrCompressor.blosc("zstd", 3, 1), ZarrCompressor.blosc("zlib", 5, 2),
                ZarrCompressor.blosc("lz4", 5, 0), ZarrCompressor.blosc("lz4", 5, 2), ZarrCompressor.zstd(),
                ZarrCompressor.zlib(6, true), ZarrCompressor.zlib(1, false), ZarrCompressor.NONE);
        for (int i = 0; i < compressors.size(); i++) {
            Path store = dir.resolve("c" + i + ".zarr");
            OmeZarr.write(v, store, ZarrWriteOptions.defaults().withChunkSize(64).withCompressor(compressors.get(i)));
            assertThat(Volumes.read(store).data()).as("%s", compressors.get(i)).containsExactly(v.data());
            assertThat(readWithPython(store).path("levels").get(0).path("sha").asText()).as("%s", compressors.get(i))
                    .isEqualTo(sha(v.data()));
        }
    }

    @Test
    void labelMapsWrittenSlabBySlabWithLevelsOpenInPythonZarr() throws IOException {
        Volume v = labels();
        Path store = dir.resolve("labels.zarr");
        ZarrWriteOptions o = ZarrWriteOptions.defaults().withDataType(ZarrDataType.UINT8).withLevels(3).withChunkSize(8)
                .withCompressor(ZarrCompressor.zstd());
        try (SlabWriter w = OmeZarr.openSlabWriter(store, 37, 29, 21, VoxelSize.isotropic(7), Vec3.ZERO, o)) {
            for (int z = 0; z < 21; z += 5) {
                w.write(v.crop(0, 0, z, 37, 29, Math.min(5, 21 - z)));
            }
        }
        JsonNode py = readWithPython(store);
        for (int level = 0; level < 3; level++) {
            int f = 1 << level;
            Volume expected = Volume.fromFunction((37 + f - 1) / f, (29 + f - 1) / f, (21 + f - 1) / f,
                    (x, y, z) -> v.get(x * f, y * f, z * f));
            Volume read = Volumes.read(store, ReadOptions.STRICT.withVoxelSize(7 * f));
            assertThat(read.data()).as("level %d", level).containsExactly(expected.data());
            assertThat(read.voxelSize()).isEqualTo(VoxelSize.isotropic(7 * f));
            JsonNode l = py.path("levels").get(level);
            assertThat(l.path("dtype").asText()).isEqualTo("|u1");
            assertThat(l.path("sha").asText()).as("python3-zarr, level %d", level).isEqualTo(sha(expected.data()));
        }
        assertThat(py.path("multiscales").path("type").asText()).isEqualTo("nearest");
    }

    @Test
    void meanBinnedLevelsAverageTheirCellsAndMoveTheirOrigin() {
        Volume v = Volume.fromFunction(5, 4, 3, (x, y, z) -> x + 10 * y + 100 * z).withVoxelSize(VoxelSize.isotropic(2));
        Path store = dir.resolve("mean.zarr");
        OmeZarr.write(v, store, ZarrWriteOptions.defaults().withLevels(2).withChunkSize(2));
        Volume l1 = Volumes.read(store, ReadOptions.STRICT.withVoxelSize(4));
        assertThat(l1.shape()).containsExactly(3, 2, 2);
        assertThat(l1.get(0, 0, 0)).isEqualTo((0 + 1 + 10 + 11 + 100 + 101 + 110 + 111) / 8f);
        assertThat(l1.get(2, 1, 1)).as("edge cell: x 4, y 2..3, z 2").isEqualTo((224 + 234) / 2f);
        assertThat(l1.origin()).isEqualTo(new Vec3(1, 1, 1));
    }

    @Test
    void writesViaTheSpiAndKeepsExistingStoresUnlessAsked() throws IOException {
        Volume v = noise();
        Path store = dir.resolve("spi.zarr");
        Volumes.write(v, store);
        assertThat(Volumes.formatFor(store).id()).isEqualTo("zarr");
        assertThatThrownBy(() -> Volumes.write(v, store)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("exists");
        Volume other = Volume.filled(3, 3, 3, 2);
        Volumes.write(other, store, WriteOptions.defaults().withOverwrite(true));
        assertThat(Volumes.read(store).data()).containsExactly(other.data());
        Path folder = Files.createDirectories(dir.resolve("folder.zarr"));
        Files.writeString(folder.resolve("keep.txt"), "mine");
        assertThatThrownBy(() -> Volumes.write(other, folder, WriteOptions.defaults().withOverwrite(true)))
                .hasMessageContaining("not a Zarr store");
        assertThat(folder.resolve("keep.txt")).exists();
        Volumes.write(Volume.filled(2, 2, 2, -3), dir.resolve("int8.zarr"), WriteOptions.defaults().withMode(0));
        assertThat(Volumes.readHeader(dir.resolve("int8.zarr")).dataType()).isEqualTo(org.cryomine.io.DataType.INT8);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void failedOrIncompleteWritesLeaveNothing() throws IOException {
        Path store = dir.resolve("bad.zarr");
        assertThatThrownBy(() -> OmeZarr.write(Volume.filled(4, 4, 4, 300), store,
                ZarrWriteOptions.defaults().withDataType(ZarrDataType.UINT8)))
                .isInstanceOf(CryomineException.class).hasMessageContaining("300").hasMessageContaining("|u1");
        SlabWriter w = Volumes.openSlabWriter(store, 4, 4, 4, VoxelSize.ONE_ANGSTROM, Vec3.ZERO, WriteOptions.defaults());
        w.write(Volume.zeros(4, 4, 2));
        assertThatThrownBy(w::close).hasMessageContaining("closed after 2 of 4");
        w.close();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
