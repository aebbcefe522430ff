package org.cryomine.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Raw network steps on already normalised data, for benchmarks and profiling: the same graphs as
 * {@link Autoencoder3D} and {@link Edss3d} use, randomly initialised from a seed, without the training loop.
 * Arrays are [n, z, y, x] with x fastest. Holds a TensorFlow session: close it (idempotent). Not thread-safe.
 */
public final class NetworkWorkloads implements AutoCloseable {

    private final AutoencoderNet ae;
    private final EdssNet edss;
    private final int box;

    private NetworkWorkloads(AutoencoderNet ae, EdssNet edss, int box) {
        this.ae = ae;
        this.edss = edss;
        this.box = box;
    }

    /**
     * The autoencoder at a cubic box.
     *
     * @param training build the training ops (Adam); false builds an inference-only graph
     * @param bfloat16 oneDNN bfloat16 auto-mixed precision (for inference graphs; as
     *                 {@link TrainedAutoencoder#withBfloat16Inference()})
     */
    public static NetworkWorkloads autoencoder(int box, int filters, int codeSize, int threads, boolean training,
            boolean bfloat16) {
        return autoencoder(box, filters, codeSize, threads, training, bfloat16, false);
    }

    /**
     * The autoencoder at a cubic box, optionally in explicit mixed precision.
     *
     * @param mixedPrecision bfloat16 compute on float32 master weights ({@link Autoencoder3D#mixedPrecision()}),
     *                       for training and inference graphs
     */
    public static NetworkWorkloads autoencoder(int box, int filters, int codeSize, int threads, boolean training,
            boolean bfloat16, boolean mixedPrecision) {
        Autoencoder3D cfg = Autoencoder3D.builder().boxSize(box).filters(filters).codeSize(codeSize)
                .threads(threads).mixedPrecision(mixedPrecision).build();
        AutoencoderNet net = new AutoencoderNet(cfg, training, bfloat16);
        net.initialize(0);
        return new NetworkWorkloads(net, null, box);
    }

    /** EDSS3D at a cubic box; see {@link #autoencoder}. */
    public static NetworkWorkloads edss(int box, int filters, int numClasses, int threads, boolean training,
            boolean bfloat16) {
        return edss(box, filters, numClasses, threads, training, bfloat16, false);
    }

    /** EDSS3D at a cubic box, optionally in explicit mixed precision; see {@link #autoencoder}. */
    public static NetworkWorkloads edss(int box, int filters, int numClasses, int threads, boolean training,
            boolean bfloat16, boolean mixedPrecision) {
        Edss3d cfg = Edss3d.builder().numClasses(numClasses).boxSize(box).filters(filters).threads(threads)
                .mixedPrecision(mixedPrecision).build();
        EdssNet net = new EdssNet(cfg, training, bfloat16);
        net.initialize(0);
        return new NetworkWorkloads(null, net, box);
    }

    /** Standard-normal data for n boxes (seeded). */
    public float[] randomBoxes(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n * box * box * box];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /** One autoencoder Adam step on n boxes; returns the loss. */
    public float trainStep(float[] boxes, int n) {
        return ae.trainStep(boxes, n);
    }

    /** Codes of n boxes, n x codeSize. */
    public float[] encode(float[] boxes, int n) {
        return ae.encode(boxes, n);
    }

    /** Decoded boxes of n codes. */
    public float[] decode(float[] codes, int n) {
        return ae.decode(codes, n);
    }

    /** One EDSS3D Adam step on n boxes with class ids. */
    public float edssTrainStep(float[] boxes, int[] labels, int n) {
        return edss.trainStep(boxes, labels, new long[] {n, box, box, box});
    }

    /** EDSS3D class probabilities of n boxes, [n, z, y, x, classes]. */
    public float[] edssProbabilities(float[] boxes, int n) {
        return edss.probabilities(boxes, new long[] {n, box, box, box});
    }

    /**
     * Where a training step's time goes: TensorFlow's step statistics of {@code steps} traced training steps
     * (after one untraced), as mean milliseconds per step for each op type (the kernels' names after oneDNN's
     * rewrite, e.g. {@code _MklNativeConv3DBackpropFilterV2}), largest first. Ops run one at a time (inter-op
     * threads 1), so the times add up to about the step. The weights are trained by these steps.
     *
     * @param labels class ids for EDSS3D (ignored by the autoencoder)
     */
    public Map<String, Double> profileTrainStep(float[] boxes, int[] labels, int n, int steps) {
        GraphNet net = ae != null ? ae : edss;
        Map<String, Double> ms = new TreeMap<>();
        for (int it = 0; it <= steps; it++) {
            try (TFloat32 x = Tensors.floats(boxes, n, box, box, box, 1)) {
                Session.Runner run = net.session().runner().feed("input", x).addTarget(net.trainOp());
                TInt32 y = edss != null ? Tensors.ints(labels, new long[] {n, box, box, box}) : null;
                if (y != null) {
                    run.feed("labels", y);
                }
                try (Result r = run.setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE)
                        .build()).runAndFetchMetadata()) {
                    if (it > 0) {
                        for (DeviceStepStats d : r.getMetadata().orElseThrow().getStepStats().getDevStatsList()) {
                            for (NodeExecStats node : d.getNodeStatsList()) {
                                ms.merge(opType(node), node.getAllEndRelMicros() / 1000.0 / steps, Double::sum);
                            }
                        }
                    }
                } finally {
                    if (y != null) {
                        y.close();
                    }
                }
            }
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        ms.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** The op type from a timeline label "name = Type(inputs)", else the node name. */
    private static String opType(NodeExecStats node) {
        String label = node.getTimelineLabel();
        int eq = label.indexOf(" = ");
        if (eq < 0) {
            return node.getNodeName();
        }
        int paren = label.indexOf('(', eq);
        return label.substring(eq + 3, paren < 0 ? label.length() : paren);
    }

    /** {@link #encode} in TensorFlow calls of at most {@code chunk} boxes. */
    public float[] encodeChunked(float[] boxes, int n, int chunk) {
        int vox = box * box * box;
        int code = 0;
        float[] out = null;
        for (int from = 0; from < n; from += chunk) {
            int m = Math.min(chunk, n - from);
            float[] part = ae.encode(java.util.Arrays.copyOfRange(boxes, from * vox, (from + m) * vox), m);
            if (out == null) {
                code = part.length / m;
                out = new float[n * code];
            }
            System.arraycopy(part, 0, out, from * code, part.length);
        }
        return out;
    }

    /** {@link #decode} in TensorFlow calls of at most {@code chunk} codes. */
    public float[] decodeChunked(float[] codes, int n, int chunk) {
        int vox = box * box * box;
        int code = codes.length / n;
        float[] out = new float[n * vox];
        for (int from = 0; from < n; from += chunk) {
            int m = Math.min(chunk, n - from);
            float[] part = ae.decode(java.util.Arrays.copyOfRange(codes, from * code, (from + m) * code), m);
            System.arraycopy(part, 0, out, from * vox, part.length);
        }
        return out;
    }

    /** {@link #edssProbabilities} in TensorFlow calls of at most {@code chunk} boxes. */
    public float[] edssProbabilitiesChunked(float[] boxes, int n, int chunk) {
        int vox = box * box * box;
        float[] out = null;
        int per = 0;
        for (int from = 0; from < n; from += chunk) {
            int m = Math.min(chunk, n - from);
            float[] part = edssProbabilities(java.util.Arrays.copyOfRange(boxes, from * vox, (from + m) * vox), m);
            if (out == null) {
                per = part.length / m;
                out = new float[n * per];
            }
            System.arraycopy(part, 0, out, from * per, part.length);
        }
        return out;
    }

    @Override
    public void close() {
        if (ae != null) {
            ae.close();
        }
        if (edss != null) {
            edss.close();
        }
    }
}
