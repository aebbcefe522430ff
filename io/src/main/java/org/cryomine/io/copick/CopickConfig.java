package org.cryomine.io.copick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.cryomine.io.VolumeFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A copick configuration file of {@code config_type} "filesystem" (copick/copick {@code src/copick/models.py}
 * {@code CopickConfig} and {@code src/copick/impl/filesystem.py} {@code CopickConfigFSSpec}), e.g.
 * <pre>{"config_type": "filesystem", "name": "demo", "pickable_objects": [{"name": "ribosome",
 *   "is_particle": true, "label": 1, "color": [0, 117, 220, 255], "radius": 150}],
 *  "overlay_root": "local:///data/demo/overlay", "static_root": "local:///data/demo/static"}</pre>
 * Immutable.
 *
 * @param file        the configuration file
 * @param name        the project's name (copick's default "CoPick")
 * @param overlayRoot the writable root, absolute
 * @param staticRoot  the read-only root, absolute; the overlay root when the configuration names none
 * @param objects     the pickable objects, in file order
 * @param userId      the configuration's {@code user_id}, if any
 * @param sessionId   the configuration's {@code session_id}, if any
 */
public record CopickConfig(Path file, String name, Path overlayRoot, Path staticRoot, List<PickableObject> objects,
                           Optional<String> userId, Optional<String> sessionId) {

    private static final Logger LOG = LoggerFactory.getLogger(CopickConfig.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public CopickConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(overlayRoot, "overlayRoot");
        Objects.requireNonNull(staticRoot, "staticRoot");
        objects = List.copyOf(objects);
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
    }

    /**
     * Reads a configuration file. Roots are local paths: {@code local://PATH}, {@code file://PATH} or a plain path;
     * a relative one is relative to the working directory, as copick (fsspec's local file system) takes it.
     * {@code overlay_fs_args} and {@code static_fs_args} are ignored.
     *
     * @throws VolumeFormatException when the file is not JSON, is another {@code config_type}, lacks {@code
     *         overlay_root} or {@code pickable_objects}, names a remote root, or holds an invalid object
     */
    public static CopickConfig read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new VolumeFormatException(file, "cannot read the copick configuration: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new VolumeFormatException(file, "a copick configuration is a JSON object; this file holds none");
        }
        String type = root.path("config_type").asText("filesystem");
        if (!root.has("config_type")) {
            LOG.warn("{}: no config_type; taking it as 'filesystem', as copick does", file);
        }
        if (!type.equals("filesystem")) {
            throw new VolumeFormatException(file, "config_type '" + type + "' is not read here; cryomine reads copick "
                    + "projects of config_type 'filesystem' (for Portal data, make a filesystem project with the "
                    + "tomograms downloaded under its static_root)");
        }
        if (!root.hasNonNull("overlay_root")) {
            throw new VolumeFormatException(file, "no overlay_root; a filesystem copick project needs one (e.g. "
                    + "\"overlay_root\": \"local:///data/project/overlay\")");
        }
        Path overlay = localRoot(file, "overlay_root", root.get("overlay_root").asText());
        Path stat = root.hasNonNull("static_root") ? localRoot(file, "static_root", root.get("static_root").asText())
                : overlay;
        return new CopickConfig(file, root.path("name").asText("CoPick"), overlay, stat, objects(file, root),
                optionalName(file, root, "user_id"), optionalName(file, root, "session_id"));
    }

    /** The object named {@code name}, if the configuration lists one (the first, as copick's {@code get_object}). */
    public Optional<PickableObject> object(String objectName) {
        return objects.stream().filter(o -> o.name().equals(objectName)).findFirst();
    }

    /** The names of the pickable objects, in file order. */
    public List<String> objectNames() {
        return objects.stream().map(PickableObject::name).toList();
    }

    private static Path localRoot(Path file, String key, String url) {
        String path = url;
        String lower = url.toLowerCase(Locale.ROOT);
        for (String protocol : new String[] {"local://", "file://"}) {
            if (lower.startsWith(protocol)) {
                path = url.substring(protocol.length());
            }
        }
        if (path.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            throw new VolumeFormatException(file, key + " '" + url + "' is not on the local file system; cryomine "
                    + "reads local:// , file:// and plain paths only (mount or copy the project and point " + key
                    + " at it)");
        }
        if (path.isEmpty()) {
            throw new VolumeFormatException(file, key + " is empty; give the project's folder");
        }
        return Path.of(path).toAbsolutePath().normalize();
    }

    private static Optional<String> optionalName(Path file, JsonNode root, String key) {
        if (!root.hasNonNull(key)) {
            return Optional.empty();
        }
        String value = root.get(key).asText();
        if (!CopickNames.isValid(value)) {
            throw new VolumeFormatException(file, key + " '" + value + "' is not a valid copick name (see copick's "
                    + "sanitize_name); use '" + CopickNames.sanitized(value) + "'");
        }
        return Optional.of(value);
    }

    private static List<PickableObject> objects(Path file, JsonNode root) {
        JsonNode list = root.get("pickable_objects");
        if (list == null || !list.isArray()) {
            throw new VolumeFormatException(file, "no pickable_objects list; a copick configuration needs one (it may "
                    + "be empty: \"pickable_objects\": [])");
        }
        List<PickableObject> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode o = list.get(i);
            if (!o.hasNonNull("name") || !o.hasNonNull("is_particle")) {
                throw new VolumeFormatException(file, "pickable object " + (i + 1) + " lacks 'name' or 'is_particle', "
                        + "which copick requires");
            }
            List<Integer> color = PickableObject.DEFAULT_COLOR;
            if (o.hasNonNull("color")) {
                color = new ArrayList<>();
                for (JsonNode c : o.get("color")) {
                    color.add(c.asInt());
                }
            }
            try {
                PickableObject p = new PickableObject(o.get("name").asText(), o.get("is_particle").asBoolean(),
                        o.hasNonNull("label") ? o.get("label").asInt() : 1, color,
                        o.hasNonNull("radius") ? o.get("radius").asDouble() : null, text(o, "pdb_id"), text(o, "emdb_id"));
                if (!names.add(p.name())) {
                    LOG.warn("{}: pickable object '{}' is listed twice; the first is used, as copick does", file, p.name());
                }
                out.add(p);
            } catch (RuntimeException e) {
                throw new VolumeFormatException(file, e.getMessage(), e);
            }
        }
        return out;
    }

    private static String text(JsonNode o, String key) {
        return o.hasNonNull(key) ? o.get(key).asText() : null;
    }
}
