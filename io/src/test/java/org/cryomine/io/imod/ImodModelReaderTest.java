package org.cryomine.io.imod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.cryomine.io.VolumeFormatException;
import org.cryomine.io.particles.Particle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IMOD models read back: models written by {@link ImodModelWriter}, and models assembled byte by byte here after
 * IMOD's binspec (bio3d.colorado.edu/imod/doc/binspec.html: 8-byte ID, 232-byte model header with the flags at
 * byte 144 of the header, OBJT 176 bytes, CONT psize/flags/time/surf then points, MESH vsize/lsize/flag/time/surf
 * then vertices and indices, optional chunks as ID, size, data; IEOF), with the points worked out by hand.
 */
class ImodModelReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsBackWhatTheWriterWrote() {
        Path file = dir.resolve("picks.mod");
        List<Particle> picks = List.of(Particle.at(1, 2, 3).withClassName("membrane"),
                Particle.at(10, 20, 30).withCluster(4), Particle.at(0, 0, 0).withClassName("membrane"));
        ImodModelWriter.write(picks, file, 64, 64, 32, 10, 3, false);
        List<Particle> back = ImodModelReader.read(file);
        assertThat(back).extracting(Particle::className).containsExactly("membrane", "membrane", "cluster 4");
        assertThat(back).extracting(p -> p.position().x(), p -> p.position().y(), p -> p.position().z())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1.0, 2.0, 3.0),
                        org.assertj.core.groups.Tuple.tuple(0.0, 0.0, 0.0),
                        org.assertj.core.groups.Tuple.tuple(10.0, 20.0, 30.0));
    }

    @Test
    void handAssembledModelWithAFlippedFlagAMeshAndAnOptionalChunk() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeBytes("IMODV1.2");
        byte[] header = new byte[232];
        header[144] = 0x00; // flags = bit 16 (flipped), big-endian int at header byte 144: 00 01 00 00
        header[145] = 0x01;
        out.write(header);
        out.writeBytes("OBJT");
        out.write(new byte[176]); // unnamed object: "object 1"
        out.writeBytes("CONT");
        out.writeInt(2); // psize
        out.write(new byte[12]); // flags, time, surf
        for (float v : new float[] {4.5f, 7f, 2.5f, 0.5f, 1f, 0.5f}) {
            out.writeFloat(v); // stored (x, z, y) in a flipped model
        }
        out.writeBytes("MESH");
        out.writeInt(1); // vsize
        out.writeInt(2); // lsize
        out.write(new byte[8]); // flag, time, surf
        out.write(new byte[12 + 8]); // one vertex, two indices
        out.writeBytes("SIZE");
        out.writeInt(8);
        out.write(new byte[8]);
        out.writeBytes("IEOF");
        Path file = dir.resolve("hand.mod");
        Files.write(file, bytes.toByteArray());
        List<Particle> points = ImodModelReader.read(file);
        assertThat(points).extracting(Particle::className).containsExactly("object 1", "object 1");
        // (4.5, 7, 2.5) stored flipped is (x 4.5, y 2.5, z 7); voxel centres: x - 0.5, y - 0.5, z - 0.5 (no bit 10)
        assertThat(points.get(0).position().x()).isEqualTo(4.0);
        assertThat(points.get(0).position().y()).isEqualTo(2.0);
        assertThat(points.get(0).position().z()).isEqualTo(6.5);
        assertThat(points.get(1).position().z()).isEqualTo(0.5);
    }

    @Test
    void badFilesSayWhatIsWrong() throws IOException {
        Path notImod = dir.resolve("a.mod");
        Files.writeString(notImod, "imod 1\nobject 0 1 0\n");
        assertThatThrownBy(() -> ImodModelReader.read(notImod)).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("not an IMOD binary model");
        Path whole = dir.resolve("whole.mod");
        ImodModelWriter.write(List.of(Particle.at(1, 1, 1)), whole, 8, 8, 8, 1, 0, false);
        byte[] b = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.mod");
        Files.write(cut, Arrays.copyOf(b, b.length - 10));
        assertThatThrownBy(() -> ImodModelReader.read(cut)).isInstanceOf(VolumeFormatException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> ImodModelReader.read(dir.resolve("none.mod"))).hasMessageContaining("no such file");
    }
}
