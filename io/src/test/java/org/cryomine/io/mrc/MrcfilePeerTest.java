package org.cryomine.io.mrc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.cryomine.io.PeerPrograms;
import org.cryomine.io.Volumes;
import org.cryomine.io.WriteOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files written by cryomine in every mode pass mrcfile 1.4.3's validate and read back in mrcfile with
 * the same values; float16 rounding agrees with numpy. Skipped when /usr/bin/python3 has no mrcfile.
 */
class MrcfilePeerTest {

    private static final String READ_BACK = String.join("\n",
            "import sys, io, mrcfile, numpy as np",
            "f = sys.argv[1]",
            "buf = io.StringIO()",
            "ok = mrcfile.validate(f, print_file=buf)",
            "if not ok: print('INVALID ' + buf.getvalue()); sys.exit(3)",
            "m = mrcfile.open(f)",
            "m.data.astype('<f4').tofile(sys.argv[2])",
            "vs = m.voxel_size; o = m.header.origin",
            "print(m.header.mode, m.data.dtype, vs.x, vs.y, vs.z, o.x, o.y, o.z, m.header.nlabl)",
            "print(m.header.label[0].decode().strip())");

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsMrcfile() {
        assumeTrue(PeerPrograms.pythonHas("mrcfile", "numpy"),
                "skipped: /usr/bin/python3 with mrcfile is not installed (Debian: python3-mrcfile)");
    }

    static Volume sample(int mode) {
        SplittableRandom r = new SplittableRandom(mode);
        Volume v = Volume.fromFunction(11, 7, 5, (x, y, z) -> {
            double g = r.nextGaussian();
            switch (mode) {
                case 0: return (float) Math.rint(Math.max(-128, Math.min(127, 40 * g)));
                case 1: return (float) Math.rint(3000 * g);
                case 6: return (float) Math.rint(Math.abs(3000 * g));
                default: return (float) (2.5 * g);
            }
        });
        return v.withVoxelSize(new VoxelSize(2.5, 3.0, 3.5)).withOrigin(new Vec3(10, -20, 30.5));
    }

    @ParameterizedTest(name = "mode {0}")
    @ValueSource(ints = {0, 1, 2, 6, 12})
    void writtenFilesPassMrcfileValidateAndReadBackEqual(int mode) throws IOException {
        Volume v = sample(mode);
        Path file = dir.resolve("mode" + mode + ".mrc");
        Volumes.write(v, file, WriteOptions.defaults().withMode(mode).withLabels(List.of("cryomine test mode " + mode)));
        Path raw = dir.resolve("mode" + mode + ".raw");
        PeerPrograms.Result result = PeerPrograms.python(READ_BACK, file.toString(), raw.toString());
        assertThat(result.exitCode).as(result.out).isZero();
        String[] lines = result.out.strip().split("\n");
        String[] f = lines[lines.length - 2].trim().split("\\s+");
        assertThat(Integer.parseInt(f[0])).isEqualTo(mode);
        assertThat(f[1]).isEqualTo(List.of("int8", "int16", "float32", "", "", "", "uint16", "", "", "", "", "", "float16").get(mode));
        assertThat(Double.parseDouble(f[2])).isEqualTo(2.5);
        assertThat(Double.parseDouble(f[3])).isEqualTo(3.0);
        assertThat(Double.parseDouble(f[4])).isEqualTo(3.5);
        assertThat(Double.parseDouble(f[5])).isEqualTo(10);
        assertThat(Double.parseDouble(f[6])).isEqualTo(-20);
        assertThat(Double.parseDouble(f[7])).isEqualTo(30.5);
        assertThat(lines[lines.length - 1]).isEqualTo("cryomine test mode " + mode);
        float[] theirs = floats(raw);
        float[] expected = MrcWriter.storedValues(v, mode);
        assertThat(theirs).containsExactly(expected);
        assertThat(Volumes.read(file).data()).containsExactly(expected);
    }

    @Test
    void float16RoundingAgreesWithNumpy() throws IOException {
        SplittableRandom r = new SplittableRandom(5);
        int n = 20000;
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) Math.scalb(r.nextDouble() - 0.5, r.nextInt(-30, 20));
            b.putFloat(values[i]);
        }
        Path in = Files.write(dir.resolve("f32.raw"), b.array());
        Path out = dir.resolve("f16.raw");
        PeerPrograms.Result result = PeerPrograms.python(
                "import sys, numpy as np; np.fromfile(sys.argv[1], '<f4').astype('<f2').tofile(sys.argv[2])",
                in.toString(), out.toString());
        assertThat(result.exitCode).as(result.out).isZero();
        ByteBuffer halves = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            assertThat(Float16.fromFloat(values[i])).as("%s", values[i]).isEqualTo(halves.getShort(2 * i));
        }
    }

    static float[] floats(Path raw) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }
}
