package org.cryomine.io.imod;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cryomine.core.AtomicFiles;
import org.cryomine.io.particles.Particle;

/**
 * Writes picks as an IMOD binary model (IMOD's "binspec", version V1.2, big-endian): the 8-byte ID
 * "IMOD" "V1.2", the 232-byte model header, then per group an "OBJT" chunk (176 bytes, flagged as scattered
 * points, bit 9, drawn as spheres of {@code sphereRadius} pixels) followed by one "CONT" chunk (psize, flags,
 * time, surf, then psize x, y, z floats) holding the group's points, and "IEOF" at the end.
 *
 * <p>Groups are the picks' class names where set, else their cluster ids ("cluster 3"), else one group
 * "picks"; objects are in order of first appearance. Coordinates follow IMOD's convention for models of a
 * volume (model flag bit 10): x and y run from 0 to NX with voxel i's centre at i + 0.5, z runs from -0.5
 * with slice k's centre at k; a pick at voxel (x, y, z) (centres at integers, as {@link Particle}) is
 * written as (x + 0.5, y + 0.5, z). The pixel size is stored in nm (units -9).
 */
public final class ImodModelWriter {

    /** Model flag bit 10: z coordinates start from -0.5 (slice centres at integers). */
    static final int MODEL_FLAG_Z_FROM_MINUS_HALF = 1 << 10;
    /** Object flag bit 9: scattered points, not connected. */
    static final int OBJECT_FLAG_SCATTERED = 1 << 9;
    private static final float[][] COLOURS = {{0, 1, 0}, {0, 1, 1}, {1, 0, 1}, {1, 1, 0}, {1, 0.5f, 0}, {0.3f, 0.5f, 1},
        {1, 0, 0}, {0.6f, 1, 0.6f}};

    private ImodModelWriter() {
    }

    /**
     * Writes {@code picks} (not modified) to {@code file} through a temporary file and a rename.
     *
     * @param nx           tomogram size in voxels along x (the model's xmax), likewise ny, nz
     * @param voxelSize    Å per voxel (stored as the model's pixel size, in nm)
     * @param sphereRadius radius in pixels of the spheres 3dmod draws at the points (0: none)
     * @param overwrite    replace an existing file
     * @throws IllegalArgumentException when there are no picks or a size is not positive
     * @throws org.cryomine.core.CryomineException when the file exists and {@code overwrite} is false, or
     *         writing fails
     */
    public static void write(List<Particle> picks, Path file, int nx, int ny, int nz, double voxelSize,
                             int sphereRadius, boolean overwrite) {
        Objects.requireNonNull(picks, "picks");
        if (picks.isEmpty()) {
            throw new IllegalArgumentException("no picks to write to " + file);
        }
        if (nx < 1 || ny < 1 || nz < 1 || !(voxelSize > 0) || sphereRadius < 0) {
            throw new IllegalArgumentException("tomogram size and voxel size must be positive and the sphere radius "
                    + "at least 0, got " + nx + "x" + ny + "x" + nz + ", " + voxelSize + " Å, " + sphereRadius);
        }
        Map<String, List<Particle>> groups = new LinkedHashMap<>();
        for (Particle p : picks) {
            String name = p.className() != null ? p.className() : p.cluster() >= 0 ? "cluster " + p.cluster() : "picks";
            groups.computeIfAbsent(name, k -> new ArrayList<>()).add(p);
        }
        AtomicFiles.write(file, overwrite, stream -> {
            DataOutputStream out = new DataOutputStream(stream);
            out.writeBytes("IMODV1.2");
            writeModelHeader(out, file.getFileName().toString(), nx, ny, nz, groups.size(), voxelSize);
            int i = 0;
            for (Map.Entry<String, List<Particle>> g : groups.entrySet()) {
                writeObject(out, g.getKey(), g.getValue(), COLOURS[i++ % COLOURS.length], sphereRadius);
            }
            out.writeBytes("IEOF");
            out.flush();
        });
    }

    private static void text(DataOutputStream out, String s, int size) throws IOException {
        byte[] b = new byte[size];
        byte[] t = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, b, 0, Math.min(size - 1, t.length));
        out.write(b);
    }

    private static void writeModelHeader(DataOutputStream out, String name, int nx, int ny, int nz, int objects,
                                         double voxelSize) throws IOException {
        text(out, name, 128);
        for (int v : new int[] {nx, ny, nz, objects, MODEL_FLAG_Z_FROM_MINUS_HALF, 1, 1, 0, 255}) {
            out.writeInt(v); // xmax, ymax, zmax, objsize, flags, drawmode, mousemode, blacklevel, whitelevel
        }
        for (float v : new float[] {0, 0, 0, 1, 1, 1}) {
            out.writeFloat(v); // x/y/z offset, x/y/z scale
        }
        for (int v : new int[] {0, -1, -1, 3, 128}) {
            out.writeInt(v); // current object, contour, point; res; thresh
        }
        out.writeFloat((float) (voxelSize / 10)); // pixelsize in nm
        out.writeInt(-9); // units: nm
        out.writeInt(0); // csum
        out.writeFloat(0); // alpha, beta, gamma
        out.writeFloat(0);
        out.writeFloat(0);
    }

    private static void writeObject(DataOutputStream out, String name, List<Particle> points, float[] rgb,
                                    int sphereRadius) throws IOException {
        out.writeBytes("OBJT");
        text(out, name, 64);
        out.write(new byte[64]); // 16 ints of extra data
        for (int v : new int[] {1, OBJECT_FLAG_SCATTERED, 0, 1}) {
            out.writeInt(v); // contsize, flags, axis, drawmode
        }
        out.writeFloat(rgb[0]);
        out.writeFloat(rgb[1]);
        out.writeFloat(rgb[2]);
        out.writeInt(sphereRadius); // pdrawsize
        out.write(new byte[] {0, 3, 1, 1, 0, 0, 0, 0}); // symbol circle, symsize, linewidth2, linewidth, linesty,
                                                        // symflags, sympad, trans
        out.writeInt(0); // meshsize
        out.writeInt(0); // surfsize
        out.writeBytes("CONT");
        for (int v : new int[] {points.size(), 0, 0, 0}) {
            out.writeInt(v); // psize, flags, time, surf
        }
        for (Particle p : points) {
            out.writeFloat((float) (p.position().x() + 0.5));
            out.writeFloat((float) (p.position().y() + 0.5));
            out.writeFloat((float) p.position().z());
        }
    }
}
