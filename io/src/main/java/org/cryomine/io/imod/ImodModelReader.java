package org.cryomine.io.imod;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryomine.core.Vec3;
import org.cryomine.io.VolumeFormatException;
import org.cryomine.io.particles.Particle;

/**
 * Reads the points of an IMOD binary model (IMOD's "binspec", V1.2, big-endian) as picks: one {@link Particle}
 * per point, its class name the object's name ("object N", counted from 1, where the name is empty). Points are
 * converted back to voxel centres at integers, as {@link ImodModelWriter} writes them: x - 0.5 and y - 0.5, and
 * z - 0.5 unless the model's flag bit 10 says z already starts from -0.5; y and z are swapped back for models
 * flagged as flipped (bit 16). Meshes and the optional chunks (views, sizes, object and model storage) are skipped.
 */
public final class ImodModelReader {

    /** Model flag bit 16: y and z are swapped (the model was saved with the volume flipped). */
    static final int MODEL_FLAG_FLIPPED = 1 << 16;
    private static final int HEADER_BYTES = 232;
    private static final int OBJECT_BYTES = 176;

    private ImodModelReader() {
    }

    /**
     * The points of every contour of every object, in file order.
     *
     * @throws VolumeFormatException when the file is missing, not an IMOD model or truncated
     */
    public static List<Particle> read(Path file) {
        ByteBuffer b;
        try {
            b = ByteBuffer.wrap(Files.readAllBytes(file)); // big-endian, as IMOD writes
        } catch (NoSuchFileException e) {
            throw new VolumeFormatException(file, "no such file");
        } catch (IOException e) {
            throw new VolumeFormatException(file, "cannot read: " + e.getMessage(), e);
        }
        try {
            return points(b, file);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new VolumeFormatException(file, "truncated or corrupt IMOD model (at byte " + b.position()
                    + "); save it again from 3dmod", e);
        }
    }

    private static List<Particle> points(ByteBuffer b, Path file) {
        String id = ascii(b, 8);
        if (!id.equals("IMODV1.2")) {
            throw new VolumeFormatException(file, "not an IMOD binary model (starts with '"
                    + id.replaceAll("\\p{Cntrl}", "?") + "', expected 'IMODV1.2'); convert an ASCII model with IMOD's"
                    + " imodtrans or save it from 3dmod");
        }
        int headerStart = b.position();
        b.position(headerStart + 128 + 16); // name, xmax, ymax, zmax, objsize
        int flags = b.getInt();
        b.position(headerStart + HEADER_BYTES);
        boolean zFromMinusHalf = (flags & ImodModelWriter.MODEL_FLAG_Z_FROM_MINUS_HALF) != 0;
        boolean flipped = (flags & MODEL_FLAG_FLIPPED) != 0;
        List<Particle> out = new ArrayList<>();
        String object = null;
        int objects = 0;
        while (true) {
            String chunk = ascii(b, 4);
            switch (chunk) {
                case "IEOF":
                    return out;
                case "OBJT": {
                    int at = b.position();
                    String name = ascii(b, 64).replace("\0", "").trim();
                    object = name.isEmpty() ? "object " + (objects + 1) : name;
                    objects++;
                    b.position(at + OBJECT_BYTES);
                    break;
                }
                case "CONT": {
                    int n = b.getInt();
                    b.position(b.position() + 12); // flags, time, surf
                    for (int i = 0; i < n; i++) {
                        float x = b.getFloat();
                        float y = b.getFloat();
                        float z = b.getFloat();
                        if (flipped) {
                            float t = y;
                            y = z;
                            z = t;
                        }
                        out.add(new Particle(new Vec3(x - 0.5, y - 0.5, zFromMinusHalf ? z : z - 0.5), Double.NaN, -1,
                                object == null ? "object 0" : object, null));
                    }
                    break;
                }
                case "MESH": {
                    int vertices = b.getInt();
                    int indices = b.getInt();
                    b.position(b.position() + 8 + vertices * 12 + indices * 4); // flag, time, surf
                    break;
                }
                default: // optional chunks: a size, then that many bytes
                    int size = b.getInt();
                    b.position(b.position() + size);
            }
        }
    }

    private static String ascii(ByteBuffer b, int n) {
        byte[] bytes = new byte[n];
        b.get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
