package org.cryomine.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.cryomine.core.CryomineException;

/**
 * Model directories: {@code model.json} (format, versions, every hyper-parameter, normalization, seed,
 * history) and {@code variables/model.*} (a TensorFlow checkpoint of the weights). Loading rebuilds the graph
 * from the JSON hyper-parameters and restores the checkpoint into it. Written to a temporary sibling directory
 * and renamed, so a crash never leaves a directory that looks complete.
 */
final class ModelDirs {

    static final String MODEL_JSON = "model.json";
    static final String WEIGHTS = "variables/model";

    private ModelDirs() {
    }

    static void save(Path dir, boolean overwrite, ObjectNode json, GraphNet net) {
        Path abs = dir.toAbsolutePath();
        if (Files.exists(abs) && !overwrite) {
            throw new CryomineException(abs + " exists; choose another directory or ask to overwrite");
        }
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createDirectories(tmp.resolve("variables"));
            net.saveCheckpoint(tmp.resolve(WEIGHTS));
            Json.writeAtomically(tmp.resolve(MODEL_JSON), json);
            if (Files.exists(abs)) {
                Trainer.deleteTree(abs);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CryomineException("could not save the model to " + abs + ": " + e.getMessage(), e);
        } finally {
            try {
                Trainer.deleteTree(tmp);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    /** Reads and checks {@code model.json} of a model directory. */
    static JsonNode readHeader(Path dir, String format) {
        Path f = dir.resolve(MODEL_JSON);
        if (!Files.isRegularFile(f)) {
            throw new CryomineException(dir + " is not a cryomine model directory (no " + MODEL_JSON + ")");
        }
        JsonNode n = Json.read(f);
        Json.checkFormat(n, format, dir);
        return n;
    }

    /** What {@code model.json} holds besides the weights: the configuration, normalization and history. */
    record Saved<C>(C config, Normalization normalization, TrainingHistory history, Path weights) {
    }

    /** Writes {@code model.json} (format header, configuration, normalization, history) and the weights. */
    static void saveModel(Path dir, boolean overwrite, String format, Object config, Normalization normalization,
                          TrainingHistory history, GraphNet net) {
        ObjectNode json = Json.header(format);
        json.set("config", Json.MAPPER.valueToTree(config));
        json.set("normalization", Json.MAPPER.valueToTree(normalization));
        json.set("history", Json.MAPPER.valueToTree(history));
        json.put("weights", WEIGHTS);
        save(dir, overwrite, json, net);
    }

    /** Reads what {@link #saveModel} wrote; an unknown format or an incomplete file gives a clear error. */
    static <C> Saved<C> loadModel(Path dir, String format, Class<C> configType) {
        JsonNode json = readHeader(dir, format);
        try {
            return new Saved<>(Json.MAPPER.treeToValue(json.get("config"), configType),
                    Json.MAPPER.treeToValue(json.get("normalization"), Normalization.class),
                    Json.MAPPER.treeToValue(json.get("history"), TrainingHistory.class),
                    dir.resolve(json.path("weights").asText(WEIGHTS)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new CryomineException(dir + "/" + MODEL_JSON + " is incomplete or invalid: "
                    + e.getMessage(), e);
        }
    }
}
