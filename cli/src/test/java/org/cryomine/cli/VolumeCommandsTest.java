package org.cryomine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cryomine info}, {@code validate} and {@code convert}, run in-process with captured output. */
class VolumeCommandsTest {

    @TempDir
    Path dir;
    Path file;
    Volume volume;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CryomineCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeEach
    void writeVolume() {
        volume = Volume.fromFunction(4, 3, 2, (x, y, z) -> x + 10 * y + 200 * z)
                .withVoxelSize(new VoxelSize(2, 3, 4)).withOrigin(new Vec3(1, 2, 3));
        file = dir.resolve("v.mrc");
        Volumes.write(volume, file, WriteOptions.defaults().withLabels(List.of("first label", "second")));
    }

    @Test
    void infoJsonHasTheHeaderAndStatistics() throws IOException {
        Run r = run("info", file.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("nx").asInt()).isEqualTo(4);
        assertThat(j.get("ny").asInt()).isEqualTo(3);
        assertThat(j.get("nz").asInt()).isEqualTo(2);
        assertThat(j.get("mode").asInt()).isEqualTo(2);
        assertThat(j.get("voxelSize").toString()).isEqualTo("[2.0,3.0,4.0]");
        assertThat(j.get("origin").toString()).isEqualTo("[1.0,2.0,3.0]");
        var s = volume.statistics();
        assertThat(j.get("min").asDouble()).isEqualTo(s.min());
        assertThat(j.get("max").asDouble()).isEqualTo(s.max());
        assertThat(j.get("mean").asDouble()).isCloseTo(s.mean(), within(1e-12));
        assertThat(j.get("rms").asDouble()).isCloseTo(s.rms(), within(1e-9));
        assertThat(j.get("nsymbt").asInt()).isZero();
        assertThat(j.get("exttyp").asText()).isEmpty();
        assertThat(j.get("labels").toString()).isEqualTo("[\"first label\",\"second\"]");
        Run text = run("info", file.toString());
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("nx:          4", "voxelSize:   2.0, 3.0, 4.0", "labels:      first label, second");
    }

    @Test
    void infoReportsSizesAfterAxisReordering() throws IOException {
        // the same file declared as mapc, mapr, maps = 3, 1, 2: columns (4) run along z, rows (3) along x,
        // sections (2) along y, so nx = 3, ny = 2, nz = 4
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(64, 3).putInt(68, 1).putInt(72, 2);
        Path reordered = Files.write(dir.resolve("reordered.mrc"), bytes);
        JsonNode j = new ObjectMapper().readTree(run("info", reordered.toString(), "--json").out());
        assertThat(new int[] {j.get("nx").asInt(), j.get("ny").asInt(), j.get("nz").asInt()}).containsExactly(3, 2, 4);
        assertThat(j.get("axisOrder").toString()).isEqualTo("[3,1,2]");
        assertThat(Volumes.read(reordered).get(2, 1, 3)).isEqualTo(volume.get(3, 2, 1));
    }

    @Test
    void errorsAreOneLineWithExitCode2() {
        Run r = run("info", dir.resolve("missing.mrc").toString());
        assertThat(r.exit()).isEqualTo(CryomineCommand.EXIT_ERROR);
        assertThat(r.err().strip()).startsWith("cryomine: error: ").endsWith("no such file").doesNotContain("\n");
    }

    @Test
    void validateExitsZeroWhenValidAndOneWhenNot() throws IOException {
        Run ok = run("validate", file.toString());
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("valid");
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(108, 0).putInt(220, 5);
        Path bad = Files.write(dir.resolve("bad.mrc"), bytes);
        Run r = run("validate", bad.toString());
        assertThat(r.exit()).isEqualTo(ValidateCommand.EXIT_INVALID);
        assertThat(r.out()).contains("nversion = 0", "nlabl is 5 but 2 labels contain text", "2 problems");
        assertThat(run("validate", dir.resolve("nope.mrc").toString()).exit()).isEqualTo(CryomineCommand.EXIT_ERROR);
    }

    @Test
    void validateReadsAnOmeZarrStoreChunkByChunkAndNamesACorruptChunk() throws IOException {
        Path store = dir.resolve("v.zarr");
        Run convert = run("convert", file.toString(), store.toString());
        assertThat(convert.exit()).as(convert.err()).isZero();
        Run ok = run("validate", store.toString());
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("valid");
        Path chunk;
        try (var files = Files.walk(store)) {
            chunk = files.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith("."))
                    .findFirst().orElseThrow();
        }
        Files.write(chunk, new byte[] {1, 2, 3});
        Run bad = run("validate", store.toString());
        assertThat(bad.exit()).as(bad.out()).isEqualTo(ValidateCommand.EXIT_INVALID);
        assertThat(bad.out()).contains(chunk.getFileName().toString()).contains("1 problem");
    }

    @Test
    void convertWritesTheModeAndRefusesToOverwrite() {
        Path out = dir.resolve("out.mrc");
        Run r = run("convert", file.toString(), out.toString(), "--mode", "12");
        assertThat(r.exit()).as(r.err()).isZero();
        VolumeHeader h = Volumes.readHeader(out);
        assertThat(h.mode()).isEqualTo(12);
        assertThat(h.voxelSize()).isEqualTo(new Vec3(2, 3, 4));
        assertThat(h.labels()).containsExactly("first label", "second", "cryomine convert from v.mrc");
        assertThat(Volumes.read(out).data()).containsExactly(volume.data()); // small integers are exact in float16
        Run again = run("convert", file.toString(), out.toString());
        assertThat(again.exit()).isEqualTo(CryomineCommand.EXIT_ERROR);
        assertThat(again.err()).contains("exists");
        assertThat(run("convert", file.toString(), out.toString(), "--force", "--mode", "1").exit()).isZero();
        assertThat(Volumes.readHeader(out).mode()).isEqualTo(1);
        Run badMode = run("convert", file.toString(), dir.resolve("x.mrc").toString(), "--mode", "5");
        assertThat(badMode.exit()).isEqualTo(CryomineCommand.EXIT_ERROR);
        assertThat(badMode.err()).contains("--mode 5");
        Run tooBig = run("convert", file.toString(), dir.resolve("y.mrc").toString(), "--mode", "0");
        assertThat(tooBig.exit()).isEqualTo(CryomineCommand.EXIT_ERROR);
        assertThat(tooBig.err()).contains("does not fit MRC mode 0");
    }

    @Test
    void convertRefusesToCollapseFloatDataToFewIntegersAndRescalesOnRequest() {
        // the issue-19 case: a float tomogram of standard deviation 0.27 became 4 values in mode 0, with exit 0
        Volume noise = Volume.gaussianNoise(16, 12, 10, 19);
        float[] d = noise.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.27f * d[i] + 0.1f;
        }
        Path in = dir.resolve("noise.mrc");
        Volumes.write(noise, in);
        Path out = dir.resolve("noise8.mrc");
        Run refused = run("convert", in.toString(), out.toString(), "--mode", "0");
        assertThat(refused.exit()).isEqualTo(CryomineCommand.EXIT_ERROR);
        assertThat(refused.err()).contains("would collapse the data to", "use --rescale");
        assertThat(out).doesNotExist();

        Run r = run("convert", in.toString(), out.toString(), "--mode", "0", "--rescale");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("rescaled values", "onto -128..127 (int8)", "cryomine rescale: value = stored * ");
        VolumeHeader h = Volumes.readHeader(out);
        String label = h.labels().get(h.labels().size() - 1);
        assertThat(label).startsWith("cryomine rescale: value = stored * ");
        String[] ab = label.substring("cryomine rescale: value = stored * ".length()).split(" \\+ ");
        double a = Double.parseDouble(ab[0]);
        double b = Double.parseDouble(ab[1]);
        Volume stored = Volumes.read(out);
        var st = stored.statistics();
        assertThat(st.min()).isEqualTo(-128);
        assertThat(st.max()).isEqualTo(127);
        // undoing the mapping gives every voxel back to within half an integer step
        for (int i = 0; i < d.length; i++) {
            assertThat(stored.data()[i] * a + b).isCloseTo(d[i], within(a / 2 + 1e-6));
        }

        Run uint16 = run("convert", in.toString(), dir.resolve("n16.mrc").toString(), "--mode", "6", "--rescale");
        assertThat(uint16.exit()).as(uint16.err()).isZero();
        assertThat(Volumes.read(dir.resolve("n16.mrc")).statistics().max()).isEqualTo(65535);
        Run floatMode = run("convert", in.toString(), dir.resolve("f.mrc").toString(), "--rescale");
        assertThat(floatMode.exit()).isEqualTo(CryomineCommand.EXIT_ERROR);
        assertThat(floatMode.err()).contains("--rescale applies to the integer modes");
        // integer-valued data (a mask stored as float) converts without --rescale
        Path mask = dir.resolve("mask.mrc");
        Volumes.write(Volume.fromFunction(4, 4, 4, (x, y, z) -> x > 1 ? 1 : 0), mask);
        assertThat(run("convert", mask.toString(), dir.resolve("mask8.mrc").toString(), "--mode", "0").exit()).isZero();
        Run tooBig = run("convert", file.toString(), dir.resolve("big8.mrc").toString(), "--mode", "0");
        assertThat(tooBig.err()).contains("does not fit MRC mode 0", "--rescale");
    }

    /** A convert killed while writing left a temporary; the next command writing into that folder removes it. */
    @Test
    void temporariesOfKilledProcessesAreRemovedByTheNextCommand() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long deadPid = gone.pid();
        Path leftover = Files.writeString(dir.resolve(".big.mrc.tmp-" + deadPid + "-42"), "half a tomogram");
        Path mine = Files.writeString(dir.resolve(".other.mrc.tmp-" + ProcessHandle.current().pid() + "-7"), "live");
        Run r = run("convert", file.toString(), dir.resolve("copy.mrc").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(leftover).as("a dead process's temporary").doesNotExist();
        assertThat(mine).as("a live process's temporary").exists();
    }
}
