package org.cryomine.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.cryomine.core.CryomineException;
import org.cryomine.core.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop shared by both networks: seeded random train/validation split, seeded shuffling per
 * epoch, Adam steps, validation after every epoch, best weights kept, early stopping, optional resumable
 * checkpoints (a TensorFlow checkpoint of every variable plus {@code training-state.json}).
 */
final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    static final String STATE_FILE = "training-state.json";

    /** The network-specific part: one step and a validation loss. */
    interface Task {
        /** One Adam step on the given items in epoch {@code epoch} (from 1); returns the batch loss. */
        float train(int epoch, int[] items);

        /** Mean loss of the given items, without training. */
        double validate(int[] items);
    }

    /**
     * Loop settings.
     *
     * @param weightAveraging 0: validation, the kept weights and the result are the trained weights; d in (0, 1): an
     *                        exponential moving average of the weights over the steps (decay d per step, warmed up
     *                        as {@link #averageDecay}) is validated, kept and returned instead
     */
    record Settings(int batchSize, int maxEpochs, int patience, double validationFraction, long seed,
            double weightAveraging) {
    }

    /**
     * The decay of the weights' moving average after training step {@code step} (from 1): min(d, (1 + step) /
     * (10 + step)), so the first steps' average does not hold on to the initial weights (TensorFlow's
     * ExponentialMovingAverage with num_updates does the same).
     */
    static float averageDecay(double d, long step) {
        return (float) Math.min(d, (1.0 + step) / (10.0 + step));
    }

    private Trainer() {
    }

    /** Indices of the training and the validation items: validation a seeded random subset of max(1, round(n * fraction)). */
    static int[][] split(int n, double fraction, long seed) {
        return split(identity(n), fraction, seed);
    }

    /**
     * Indices of the training and the validation items, where {@code firstOf[i]} is the index of the first item that is
     * the same example as item i ({@code i} itself for the first): validation is a seeded random subset of
     * max(1, round(examples * fraction)) of the distinct examples with all their repeats, so no example is both
     * trained on and validated on. With no repeats this is {@link #split(int, double, long)}.
     */
    static int[][] split(int[] firstOf, double fraction, long seed) {
        int n = firstOf.length;
        int[] exampleOf = new int[n];
        int examples = 0;
        for (int i = 0; i < n; i++) {
            if (firstOf[i] < 0 || firstOf[i] > i || (firstOf[i] < i && firstOf[firstOf[i]] != firstOf[i])) {
                throw new IllegalArgumentException("item " + i + " names item " + firstOf[i] + " as its first copy");
            }
            exampleOf[i] = firstOf[i] == i ? examples++ : exampleOf[firstOf[i]];
        }
        if (examples < 2) {
            throw new CryomineException("training needs at least 2 samples (one for validation), got " + examples);
        }
        int nVal = validationCount(examples, fraction);
        int[] perm = permutation(examples, new Random(seed ^ 0x5EEDL));
        boolean[] validating = new boolean[examples];
        for (int k = 0; k < nVal; k++) {
            validating[perm[k]] = true;
        }
        int[] val = java.util.stream.IntStream.range(0, n).filter(i -> validating[exampleOf[i]]).toArray();
        int[] train = java.util.stream.IntStream.range(0, n).filter(i -> !validating[exampleOf[i]]).toArray();
        return new int[][] {train, val};
    }

    /** 0, 1, ..., n - 1: every item its own example. */
    static int[] identity(int n) {
        return java.util.stream.IntStream.range(0, Math.max(0, n)).toArray();
    }

    /** How many of {@code n} samples {@link #split} sets aside for validation: the fraction, rounded, 1 to n - 1. */
    static int validationCount(int n, double fraction) {
        return (int) Math.max(1, Math.min(n - 1, Math.round(n * fraction)));
    }

    static int[] permutation(int n, Random r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * Trains {@code net} (already initialised) and leaves the best weights in it.
     *
     * @param fingerprint JSON identifying configuration and data; a checkpoint of another fingerprint is refused
     */
    static TrainingHistory run(GraphNet net, Task task, int n, Settings s, TrainingListener listener,
            Path checkpointDir, ObjectNode fingerprint) {
        return run(net, task, identity(n), s, listener, checkpointDir, fingerprint);
    }

    /**
     * Trains {@code net} as {@link #run(GraphNet, Task, int, Settings, TrainingListener, Path, ObjectNode)} does, on
     * items of which some repeat others ({@code firstOf}: see {@link #split(int[], double, long)}).
     */
    static TrainingHistory run(GraphNet net, Task task, int[] firstOf, Settings s, TrainingListener listener,
            Path checkpointDir, ObjectNode fingerprint) {
        int[][] split = split(firstOf, s.validationFraction(), s.seed());
        fingerprint = Json.roundTrip(fingerprint);
        int[] train = split[0];
        int[] val = split[1];
        boolean averaging = s.weightAveraging() > 0;
        if (averaging && !net.averages()) {
            throw new IllegalStateException("weight averaging needs a net built with averaging");
        }
        List<EpochResult> history = new ArrayList<>();
        int startEpoch = 1;
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int wait = 0;
        if (checkpointDir != null && Files.exists(checkpointDir.resolve(STATE_FILE))) {
            JsonNode state = Json.read(checkpointDir.resolve(STATE_FILE));
            Json.checkFormat(state, "cryomine-training-state", checkpointDir);
            if (!state.get("fingerprint").equals(fingerprint)) {
                throw new CryomineException("checkpoint directory " + checkpointDir + " was written for another "
                        + "configuration or other data (" + state.get("fingerprint") + " vs " + fingerprint
                        + "); give an empty or new directory to start afresh");
            }
            net.restoreCheckpoint(checkpointDir.resolve(state.get("checkpoint").asText()));
            for (JsonNode e : state.get("history")) {
                history.add(Json.MAPPER.convertValue(e, EpochResult.class));
            }
            startEpoch = state.get("epochsDone").asInt() + 1;
            best = state.get("bestValidationLoss").asDouble();
            bestEpoch = state.get("bestEpoch").asInt();
            wait = state.get("wait").asInt();
            LOG.info("resuming training from {} after epoch {}", checkpointDir, startEpoch - 1);
        }
        boolean stoppedEarly = wait >= s.patience();
        long t0 = System.nanoTime();
        int batches = (train.length + s.batchSize() - 1) / s.batchSize();
        int epochsRun = 0;
        for (int epoch = startEpoch; epoch <= s.maxEpochs() && !stoppedEarly; epoch++) {
            int[] order = permutation(train.length, new Random(s.seed() * 1_000_003L + epoch));
            double sum = 0;
            for (int b = 0; b < batches; b++) {
                int from = b * s.batchSize();
                int to = Math.min(train.length, from + s.batchSize());
                int[] items = new int[to - from];
                for (int i = from; i < to; i++) {
                    items[i - from] = train[order[i]];
                }
                float loss = task.train(epoch, items);
                if (averaging) {
                    net.updateAverage(averageDecay(s.weightAveraging(), (long) (epoch - 1) * batches + b + 1));
                }
                if (!Float.isFinite(loss)) {
                    throw new CryomineException("training diverged at epoch " + epoch + " (loss " + loss
                            + "); lower the learning rate");
                }
                sum += loss;
                listener.onBatch(epoch, b + 1, batches, loss);
                if (listener.isCancelled()) {
                    throw new ProgressListener.CancelledException();
                }
            }
            if (averaging) {
                net.useAverage();
            }
            double vloss = validate(task, val, s.batchSize());
            boolean improved = vloss < best;
            if (improved) {
                best = vloss;
                bestEpoch = epoch;
                wait = 0;
                net.snapshotBest();
            } else {
                wait++;
            }
            if (averaging) {
                net.useTrained();
            }
            stoppedEarly = wait >= s.patience();
            epochsRun++;
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double remaining = stoppedEarly ? 0 : elapsed / epochsRun * (s.maxEpochs() - epoch);
            EpochResult r = new EpochResult(epoch, sum / batches, vloss, improved, elapsed, remaining);
            history.add(r);
            LOG.debug("epoch {}: loss {} validation {}", epoch, r.loss(), vloss);
            if (checkpointDir != null) {
                writeCheckpoint(net, checkpointDir, fingerprint, epoch, best, bestEpoch, wait, history);
            }
            listener.onEpoch(r);
        }
        net.restoreBest();
        return new TrainingHistory(history, bestEpoch, best, stoppedEarly);
    }

    static double validate(Task task, int[] val, int batchSize) {
        double sum = 0;
        for (int from = 0; from < val.length; from += batchSize) {
            int[] items = Arrays.copyOfRange(val, from, Math.min(val.length, from + batchSize));
            sum += task.validate(items) * items.length;
        }
        return sum / val.length;
    }

    private static void writeCheckpoint(GraphNet net, Path dir, ObjectNode fingerprint, int epoch, double best,
            int bestEpoch, int wait, List<EpochResult> history) {
        try {
            Files.createDirectories(dir);
            String name = "ckpt-" + epoch;
            Path sub = dir.resolve(name);
            Files.createDirectories(sub);
            net.saveCheckpoint(sub.resolve("vars"));
            ObjectNode state = Json.header("cryomine-training-state");
            state.set("fingerprint", fingerprint);
            state.put("checkpoint", name + "/vars");
            state.put("epochsDone", epoch);
            state.put("bestValidationLoss", best);
            state.put("bestEpoch", bestEpoch);
            state.put("wait", wait);
            ArrayNode h = state.putArray("history");
            history.forEach(e -> h.add(Json.MAPPER.valueToTree(e)));
            Json.writeAtomically(dir.resolve(STATE_FILE), state);
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : old.filter(p -> p.getFileName().toString().startsWith("ckpt-")
                        && !p.getFileName().toString().equals(name)).toList()) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new CryomineException("could not write the training checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
