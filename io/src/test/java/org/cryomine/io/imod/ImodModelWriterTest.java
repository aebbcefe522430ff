package org.cryomine.io.imod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cryomine.core.CryomineException;
import org.cryomine.io.particles.Particle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IMOD binary models checked byte by byte against IMOD's binspec (bio3d.colorado.edu/imod/doc/binspec.html,
 * "IMOD Binary File Format, Version 1, Revision 2": 8-byte ID, 232-byte model header, OBJT 176 bytes, CONT
 * 16 bytes plus 12 per point, IEOF; big-endian) and read back by a small reader of that layout.
 */
class ImodModelWriterTest {

    @TempDir
    Path dir;

    private static String ascii(ByteBuffer b, int at, int n) {
        byte[] t = new byte[n];
        b.get(at, t);
        return new String(t, StandardCharsets.US_ASCII);
    }

    @Test
    void oneObjectOfTwoPointsHasTheSpecsByteLayout() throws IOException {
        Path file = dir.resolve("two.mod");
        ImodModelWriter.write(List.of(Particle.at(1, 2, 3).withCluster(4), Particle.at(10, 20, 30).withCluster(4)),
                file, 100, 200, 50, 13.5, 6, false);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)); // big-endian by default
        // 8 ID + 232 header + 4 OBJT + 176 object + 4 CONT + 16 contour + 2 x 12 points + 4 IEOF
        assertThat(b.capacity()).isEqualTo(8 + 232 + 4 + 176 + 4 + 16 + 24 + 4).isEqualTo(468);
        assertThat(ascii(b, 0, 8)).isEqualTo("IMODV1.2");
        assertThat(ascii(b, 8, 7)).isEqualTo("two.mod");
        assertThat(b.get(8 + 7)).isZero();
        int h = 136; // model header fields after the 128-byte name
        assertThat(new int[] {b.getInt(h), b.getInt(h + 4), b.getInt(h + 8), b.getInt(h + 12)})
                .containsExactly(100, 200, 50, 1); // xmax, ymax, zmax, objsize
        assertThat(b.getInt(h + 16)).isEqualTo(1 << 10); // flags: z from -0.5
        assertThat(b.getInt(h + 20)).isEqualTo(1); // drawmode
        assertThat(b.getFloat(h + 48)).isEqualTo(1f); // xscale (after 4 ints of modes/levels and 3 offsets)
        assertThat(b.getInt(h + 60)).isEqualTo(0); // current object
        assertThat(b.getFloat(h + 80)).isEqualTo(1.35f); // pixelsize in nm
        assertThat(b.getInt(h + 84)).isEqualTo(-9); // units nm
        assertThat(ascii(b, 240, 4)).isEqualTo("OBJT");
        int o = 244;
        assertThat(ascii(b, o, 9)).isEqualTo("cluster 4");
        assertThat(b.getInt(o + 128)).isEqualTo(1); // contsize
        assertThat(b.getInt(o + 132)).isEqualTo(1 << 9); // flags: scattered points
        assertThat(b.getInt(o + 140)).isEqualTo(1); // drawmode
        assertThat(b.getFloat(o + 148)).isEqualTo(1f); // green of the first colour (0, 1, 0)
        assertThat(b.getInt(o + 156)).isEqualTo(6); // pdrawsize: sphere radius
        assertThat(b.get(o + 160)).isZero(); // symbol: circle
        assertThat(b.getInt(o + 168)).isZero(); // meshsize
        assertThat(ascii(b, 420, 4)).isEqualTo("CONT");
        assertThat(b.getInt(424)).isEqualTo(2); // psize
        assertThat(new float[] {b.getFloat(440), b.getFloat(444), b.getFloat(448), b.getFloat(452), b.getFloat(456),
            b.getFloat(460)}).containsExactly(1.5f, 2.5f, 3f, 10.5f, 20.5f, 30f);
        assertThat(ascii(b, 464, 4)).isEqualTo("IEOF");
    }

    /** Reads object names and their points by walking the chunks (OBJT: name, contsize; CONT: psize, points). */
    static Map<String, List<float[]>> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        Map<String, List<float[]>> objects = new LinkedHashMap<>();
        int at = 8 + 232;
        String current = null;
        while (true) {
            String id = ascii(b, at, 4);
            at += 4;
            if (id.equals("IEOF")) {
                return objects;
            } else if (id.equals("OBJT")) {
                current = ascii(b, at, 64).replace("\0", "");
                objects.put(current, new ArrayList<>());
                at += 176;
            } else if (id.equals("CONT")) {
                int n = b.getInt(at);
                at += 16;
                for (int i = 0; i < n; i++, at += 12) {
                    objects.get(current).add(new float[] {b.getFloat(at), b.getFloat(at + 4), b.getFloat(at + 8)});
                }
            } else {
                throw new AssertionError("unexpected chunk " + id + " at byte " + (at - 4));
            }
        }
    }

    @Test
    void oneObjectPerGroupInOrderOfFirstAppearance() throws IOException {
        Path file = dir.resolve("groups.mod");
        List<Particle> picks = List.of(Particle.at(0, 0, 0).withCluster(2), Particle.at(5, 5, 5).withClassName("ribosome"),
                Particle.at(1, 1, 1).withCluster(2), Particle.at(7, 8, 9));
        ImodModelWriter.write(picks, file, 10, 10, 10, 10, 4, false);
        Map<String, List<float[]>> objects = read(file);
        assertThat(objects.keySet()).containsExactly("cluster 2", "ribosome", "picks");
        assertThat(objects.get("cluster 2")).hasSize(2);
        assertThat(objects.get("picks").get(0)).containsExactly(7.5f, 8.5f, 9f);
        assertThat(ByteBuffer.wrap(Files.readAllBytes(file)).getInt(136 + 12)).as("objsize").isEqualTo(3);
        assertThatThrownBy(() -> ImodModelWriter.write(picks, file, 10, 10, 10, 10, 4, false))
                .isInstanceOf(CryomineException.class).hasMessageContaining("exists");
        assertThatThrownBy(() -> ImodModelWriter.write(List.of(), dir.resolve("none.mod"), 10, 10, 10, 10, 4, false))
                .hasMessageContaining("no picks");
    }
}
