package org.cryomine.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.cryomine.core.CryomineException;
import org.tensorflow.TensorFlow;

/** JSON files of model directories and checkpoints: versioned header, atomic writes, clear errors. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** A new object with format, formatVersion, library and TensorFlow versions. */
    static ObjectNode header(String format) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", format);
        n.put("formatVersion", NnVersion.FORMAT);
        n.put("cryomineVersion", NnVersion.LIBRARY);
        n.put("tensorflowVersion", TensorFlow.version());
        return n;
    }

    /** Fails clearly unless {@code n} has the expected format and a version this library reads. */
    static void checkFormat(JsonNode n, String format, Path where) {
        String f = n.path("format").asText("");
        if (!format.equals(f)) {
            throw new CryomineException(where + " holds '" + f + "', not a " + format
                    + "; point to a directory written by the matching save()");
        }
        int v = n.path("formatVersion").asInt(-1);
        if (v != NnVersion.FORMAT) {
            throw new CryomineException(where + " has format version " + v + " (written by cryomine "
                    + n.path("cryomineVersion").asText("?") + "); this cryomine " + NnVersion.LIBRARY
                    + " reads version " + NnVersion.FORMAT + " only: retrain or use the matching cryomine version");
        }
    }

    /** The node as it will read back from a file (float fields become doubles), for equality checks. */
    static ObjectNode roundTrip(ObjectNode n) {
        try {
            return (ObjectNode) MAPPER.readTree(MAPPER.writeValueAsString(n));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new CryomineException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes to a temporary file beside {@code file}, then renames it over {@code file}. */
    static void writeAtomically(Path file, JsonNode n) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        MAPPER.writeValue(tmp.toFile(), n);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
