package org.cryomine.io.copick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cryomine.core.AtomicFiles;
import org.cryomine.io.VolumeFormatException;

/**
 * The content of one copick pick file: the points of one pickable object in one run by one user and session
 * (copick/copick {@code src/copick/models.py}, {@code CopickPicksFile} and {@code CopickPoint}). On disk, as copick's
 * {@code json.dump(meta.dict(), indent=4)} writes it:
 * <pre>{"pickable_object_name": "ribosome", "user_id": "cryomine", "session_id": "0", "run_name": "TS_5_4",
 *  "voxel_spacing": 10.0, "unit": "angstrom", "points": [{"location": {"x": 1200.0, "y": 350.0, "z": 410.0},
 *  "transformation_": [[1.0, 0.0, 0.0, 0.0], ...], "instance_id": 0, "score": 1.0}], "trust_orientation": false}</pre>
 * Locations are in Å from the centre of voxel (0, 0, 0): voxel index times voxel spacing (copick's {@code
 * util/relion.py} takes a tomogram's centre as shape / 2 * voxel size). cryomine writes identity transformations
 * and {@code trust_orientation} false, since its picks carry no orientation; reading keeps locations, instance ids
 * and scores and drops the transformations. Immutable.
 *
 * @param objectName       the pickable object, valid by {@link CopickNames}
 * @param session          user and session
 * @param runName          the run, or null
 * @param voxelSpacing     the voxel spacing (Å) of the tomogram picked, or null
 * @param points           the points
 * @param trustOrientation whether the transformations hold real orientations
 */
public record CopickPicks(String objectName, CopickSession session, String runName, Double voxelSpacing,
                          List<Point> points, boolean trustOrientation) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One point.
     *
     * @param x          Å along x
     * @param y          Å along y
     * @param z          Å along z
     * @param instanceId copick's instance id (0 when unused)
     * @param score      copick's score (1 by default)
     */
    public record Point(double x, double y, double z, int instanceId, double score) {
        public Point {
            if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z) || !Double.isFinite(score)) {
                throw new IllegalArgumentException("a copick point needs finite coordinates and score, got (" + x + ", "
                        + y + ", " + z + ") score " + score);
            }
        }

        /** A point at (x, y, z) Å with copick's defaults: instance id 0, score 1. */
        public static Point at(double x, double y, double z) {
            return new Point(x, y, z, 0, 1.0);
        }
    }

    public CopickPicks {
        CopickNames.requireValid("pickable object name", objectName);
        Objects.requireNonNull(session, "session");
        points = List.copyOf(points);
    }

    /**
     * Writes the file (through a temporary file renamed into place; its folder is created).
     *
     * @throws org.cryomine.core.CryomineException when {@code file} exists and {@code overwrite} is false
     */
    public void write(Path file, boolean overwrite) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(toJson());
        } catch (IOException e) {
            throw new VolumeFormatException(file, "cannot encode the picks: " + e.getMessage(), e);
        }
        AtomicFiles.write(file, overwrite, out -> out.write(bytes));
    }

    private ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("pickable_object_name", objectName);
        root.put("user_id", session.userId());
        root.put("session_id", session.sessionId());
        if (runName == null) {
            root.putNull("run_name");
        } else {
            root.put("run_name", runName);
        }
        if (voxelSpacing == null) {
            root.putNull("voxel_spacing");
        } else {
            root.put("voxel_spacing", voxelSpacing);
        }
        root.put("unit", "angstrom");
        ArrayNode list = root.putArray("points");
        for (Point p : points) {
            ObjectNode o = list.addObject();
            o.putObject("location").put("x", p.x()).put("y", p.y()).put("z", p.z());
            ArrayNode t = o.putArray("transformation_");
            for (int r = 0; r < 4; r++) {
                ArrayNode row = t.addArray();
                for (int c = 0; c < 4; c++) {
                    row.add(r == c ? 1.0 : 0.0);
                }
            }
            o.put("instance_id", p.instanceId());
            o.put("score", p.score());
        }
        root.put("trust_orientation", trustOrientation);
        return root;
    }

    /**
     * Reads a pick file.
     *
     * @throws VolumeFormatException when it is not JSON, lacks {@code pickable_object_name}, {@code user_id} or
     *         {@code session_id}, has a point without a location, or is in a unit other than Å
     */
    public static CopickPicks read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new VolumeFormatException(file, "cannot read the copick pick file: " + e.getMessage(), e);
        }
        for (String key : new String[] {"pickable_object_name", "user_id", "session_id"}) {
            if (root == null || !root.hasNonNull(key)) {
                throw new VolumeFormatException(file, "not a copick pick file: no " + key);
            }
        }
        String unit = root.path("unit").asText("angstrom");
        if (!unit.equals("angstrom")) {
            throw new VolumeFormatException(file, "points in unit '" + unit + "'; cryomine reads copick picks in "
                    + "angstrom only");
        }
        List<Point> points = new ArrayList<>();
        JsonNode list = root.path("points");
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            JsonNode l = p.path("location");
            if (!l.has("x") || !l.has("y") || !l.has("z")) {
                throw new VolumeFormatException(file, "point " + (i + 1) + " has no location {x, y, z}");
            }
            points.add(new Point(l.get("x").asDouble(), l.get("y").asDouble(), l.get("z").asDouble(),
                    p.path("instance_id").asInt(0), p.hasNonNull("score") ? p.get("score").asDouble() : 1.0));
        }
        try {
            return new CopickPicks(root.get("pickable_object_name").asText(), new CopickSession(
                    root.get("user_id").asText(), root.get("session_id").asText()),
                    root.hasNonNull("run_name") ? root.get("run_name").asText() : null,
                    root.hasNonNull("voxel_spacing") ? root.get("voxel_spacing").asDouble() : null, points,
                    root.path("trust_orientation").asBoolean(true));
        } catch (RuntimeException e) {
            throw new VolumeFormatException(file, e.getMessage(), e);
        }
    }
}
