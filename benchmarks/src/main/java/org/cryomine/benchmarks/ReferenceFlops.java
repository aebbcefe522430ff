package org.cryomine.benchmarks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.cryomine.core.filter.GaussianFilter;

/**
 * Floating-point operations of the <em>reference</em> algorithms, counted analytically, so that achieved GFLOP/s
 * can be compared across implementations (cryomine, PyTorch, scipy) and against the machine's matrix-multiply
 * peak ({@link GemmBenchmark}). A multiply-add counts as 2 flops.
 *
 * <p>Networks: the paper's architectures as {@code docs/method.md} steps 4 and 7 and the PyTorch peer
 * ({@code benchmarks/peers/torch_autoencoder3d.py}) define them, with 3x3x3 "same" convolutions and nearest
 * upsampling <em>before</em> the decoder's convolutions. cryomine computes each upsample + 3x3x3 convolution as
 * one 2x2x2 convolution at the low resolution and a depth-to-space shuffle ({@code nn/README.md}: 3.4x fewer
 * multiply-adds for the same result), so its achieved figure is "reference-equivalent" and may exceed what its
 * kernels execute. Only convolutions and dense layers are counted (biases, ReLU, pooling, softmax, the loss
 * and Adam are under 1%). A training step is the forward pass plus, per layer, the weight gradient (as many
 * multiply-adds as the forward) and the input gradient (likewise, except for the first layer, whose input
 * needs none).
 *
 * <p>Filters: a separable Gaussian costs 2 (2r + 1) flops per voxel per axis (r = round(4 sigma), scipy's
 * radius); the reference DoG picking (the scipy peer) is a Gaussian at the smoothing sigma, two at sigma and
 * K sigma, and a subtraction per voxel (the local-minimum comparisons are not counted). Stateless.
 */
public final class ReferenceFlops {

    private static final int TAPS = 27;

    private ReferenceFlops() {
    }

    /** Multiply-adds of a 3x3x3 "same" convolution over {@code voxels} output voxels. */
    static long conv(long voxels, int cin, int cout) {
        return voxels * cin * cout * TAPS;
    }

    /** Autoencoder3D encoder forward, multiply-adds per subvolume of edge {@code box}. */
    public static long autoencoderEncodeMacs(int box, int filters, int code) {
        long full = (long) box * box * box;
        long half = full / 8;
        long quarter = full / 64;
        return conv(full, 1, filters) + conv(half, filters, filters) + quarter * filters * code;
    }

    /** Autoencoder3D decoder forward (dense, conv at box/4, up, conv at box/2, up, conv to 1 channel at box). */
    public static long autoencoderDecodeMacs(int box, int filters, int code) {
        long full = (long) box * box * box;
        long half = full / 8;
        long quarter = full / 64;
        return (long) code * quarter * filters + conv(quarter, filters, filters) + conv(half, filters, filters)
                + conv(full, filters, 1);
    }

    /** One Autoencoder3D training step, multiply-adds per subvolume: 3 forward passes less the first layer's input gradient. */
    public static long autoencoderTrainMacs(int box, int filters, int code) {
        long forward = autoencoderEncodeMacs(box, filters, code) + autoencoderDecodeMacs(box, filters, code);
        return 3 * forward - conv((long) box * box * box, 1, filters);
    }

    /** EDSS3D forward, multiply-adds per subvolume: convs at box, box, box/2, box/4, box/2 (after up), classes at box. */
    public static long edssInferMacs(int box, int filters, int classes) {
        long full = (long) box * box * box;
        long half = full / 8;
        long quarter = full / 64;
        return conv(full, 1, filters) + conv(full, filters, filters) + conv(half, filters, filters)
                + conv(quarter, filters, filters) + conv(half, filters, filters) + conv(full, filters, classes);
    }

    /** One EDSS3D training step, multiply-adds per subvolume. */
    public static long edssTrainMacs(int box, int filters, int classes) {
        return 3 * edssInferMacs(box, filters, classes) - conv((long) box * box * box, 1, filters);
    }

    /** Flops of a separable 3-D Gaussian (truncate 4) over {@code voxels} voxels. */
    public static double gaussian(double sigma, long voxels) {
        int r = GaussianFilter.radius(sigma, GaussianFilter.DEFAULT_TRUNCATE);
        return 3.0 * 2 * (2 * r + 1) * voxels;
    }

    /** Flops of the reference DoG picking (smoothing, two Gaussians, subtraction) over {@code voxels} voxels. */
    public static double dogPicking(double smoothing, double sigma, double k, long voxels) {
        return gaussian(smoothing, voxels) + gaussian(sigma, voxels) + gaussian(k * sigma, voxels) + voxels;
    }

    /** The benchmarks' workloads (32^3, 32 filters, code 32, 3 classes; 512x512x200) and their flops, per unit. */
    public static Map<String, Double> workloads() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("ae_train", 2.0 * autoencoderTrainMacs(32, 32, 32));
        m.put("ae_encode", 2.0 * autoencoderEncodeMacs(32, 32, 32));
        m.put("ae_decode", 2.0 * autoencoderDecodeMacs(32, 32, 32));
        m.put("edss_train", 2.0 * edssTrainMacs(32, 32, 3));
        m.put("edss_infer", 2.0 * edssInferMacs(32, 32, 3));
        long vol = 512L * 512 * 200;
        m.put("gauss_sigma2", gaussian(2, vol));
        m.put("gauss_sigma5", gaussian(5, vol));
        m.put("dog_picking", dogPicking(2, 5, 1.1, vol));
        m.put("gemm_2048", GemmBenchmark.flops(2048));
        return m;
    }

    /**
     * Prints {@link #workloads()} as lines "name flops" (per subvolume for the networks, per volume for the
     * filters, per product for the GEMM), for {@code benchmarks/peers.sh}.
     */
    public static void main(String[] args) {
        workloads().forEach((k, v) -> System.out.println(String.format(Locale.ROOT, "%s %.6e", k, v)));
    }
}
