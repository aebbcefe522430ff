package org.cryomine.core.pose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.filter.GaussianFilter;
import org.cryomine.core.internal.Parallel;
import org.cryomine.core.pick.Contrast;
import org.cryomine.core.pick.Subvolume;
import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Pose normalization of subvolumes (DESIGN step 3, after Xu et al.).
 *
 * <ol>
 *   <li>Weights: {@code f = max(0, s v - b)} over the box, with s = {@link Contrast#sign()} (dense matter
 *       high, every weight &ge; 0) and b the background level: the median of {@code s v} plus two robust
 *       standard deviations (1.4826 x the median absolute deviation). Shifting by the minimum instead would
 *       give every background voxel a weight of a few noise standard deviations; summed over the whole box,
 *       and weighted by distance to c, that background outweighs the particle in c, W and above all in the
 *       third moments that fix the signs (measured: sign flips at noise 2% of the particle's density). The
 *       weights are only used for the pose; the output keeps the original values and contrast.</li>
 *   <li>With the {@link #sphericalMask(boolean) spherical mask} (default), voxels outside the ball inscribed
 *       in the box get weight 0.</li>
 *   <li>Centre of mass {@code c = sum f r / sum f} and {@code W = sum f^2 (r - c)(r - c)^T} (squared weights,
 *       as in the paper); r in voxels of the box.</li>
 *   <li>Eigenvectors of W (EJML, symmetric) in descending order of eigenvalue: q1, q2, q3.</li>
 *   <li>Signs: each axis is flipped so that the third moment {@code sum f^2 ((r - c) . q)^3} along it is
 *       &ge; 0 (squared weights as for W, so the weak, widespread background does not decide the sign); then, if {@code q1 x q2 . q3 < 0}, the axis whose third moment has the smallest magnitude
 *       (the least certain) is flipped, so the frame is right-handed.</li>
 *   <li>Resampling: output voxel u (centre at index size/2, as {@link Volume#box}) takes the value of the
 *       <em>source tomogram</em> at {@code c + sum_a (u_a - size/2) q_a} (trilinear); outside the tomogram,
 *       the tomogram's mean. No voxel is invented from inside the box alone.</li>
 * </ol>
 * The output's x, y and z axes are q1, q2 and q3: a membrane patch ends with its normal along z. Immutable
 * and thread-safe.
 */
public final class PoseNormalizer {

    private final Contrast contrast;
    private final double weightSmoothing;
    private final boolean sphericalMask;
    private final boolean robustBackground;
    private final int threads;

    private PoseNormalizer(Contrast contrast, double weightSmoothing, boolean sphericalMask, boolean robustBackground,
                           int threads) {
        this.contrast = Objects.requireNonNull(contrast, "contrast");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (!(weightSmoothing >= 0) || !Double.isFinite(weightSmoothing)) {
            throw new IllegalArgumentException("weight smoothing must be a finite sigma >= 0 voxels, got " + weightSmoothing);
        }
        this.weightSmoothing = weightSmoothing;
        this.sphericalMask = sphericalMask;
        this.robustBackground = robustBackground;
        this.threads = threads;
    }

    /** Dark contrast (dense matter negative), spherical mask, weight smoothing 1 voxel, all processors. */
    public static PoseNormalizer withDefaults() {
        return new PoseNormalizer(Contrast.DARK, 1.0, true, true, Parallel.defaultThreads());
    }

    /** The same normalizer for tomograms of the given contrast. */
    public PoseNormalizer withContrast(Contrast c) {
        return new PoseNormalizer(c, weightSmoothing, sphericalMask, robustBackground, threads);
    }

    /**
     * The same normalizer computing the weights from a Gaussian-smoothed copy of each box (sigma in voxels,
     * 0 = none, reflect mode): steadier poses in noisy data. The output is still resampled from the
     * unsmoothed tomogram.
     */
    public PoseNormalizer withWeightSmoothing(double sigmaVoxels) {
        return new PoseNormalizer(contrast, sigmaVoxels, sphericalMask, robustBackground, threads);
    }

    /** The same normalizer on {@code n} threads. */
    public PoseNormalizer withThreads(int n) {
        return new PoseNormalizer(contrast, weightSmoothing, sphericalMask, robustBackground, n);
    }

    /**
     * Whether only voxels within the ball inscribed in the box (radius size/2 around the box centre) get
     * weight (default true). A cube is not rotation invariant: without the mask, rotating a box brings other
     * content into its corners and changes W; with it, the pose of a centred particle does not depend on the
     * box's own orientation.
     */
    public PoseNormalizer withSphericalMask(boolean on) {
        return new PoseNormalizer(contrast, weightSmoothing, on, robustBackground, threads);
    }

    public boolean sphericalMask() {
        return sphericalMask;
    }

    /**
     * Whether the weights start at the robust background level (default true, see the class comment) or,
     * with false, at the box's minimum ({@code f = s v - min(s v)}, the literal "make the values positive",
     * under which every background voxel carries weight). For comparisons with the paper's procedure:
     * {@code withWeightSmoothing(0).withSphericalMask(false).withRobustBackground(false)}.
     */
    public PoseNormalizer withRobustBackground(boolean on) {
        return new PoseNormalizer(contrast, weightSmoothing, sphericalMask, on, threads);
    }

    public boolean robustBackground() {
        return robustBackground;
    }

    public double weightSmoothing() {
        return weightSmoothing;
    }

    public Contrast contrast() {
        return contrast;
    }

    /** Estimates the pose of a box's content (after the weight smoothing, if any); the box is not modified. */
    public Pose estimate(Volume box) {
        Objects.requireNonNull(box, "box");
        if (weightSmoothing > 0) {
            if (box.hasNonFiniteValues()) {
                throw new org.cryomine.core.CryomineException("the subvolume contains NaN or infinite values;"
                        + " clean the tomogram before pose normalization");
            }
            box = GaussianFilter.of(weightSmoothing).withThreads(1).apply(box);
        }
        int nx = box.nx();
        int ny = box.ny();
        int nz = box.nz();
        float[] v = box.data();
        int s = contrast.sign();
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new org.cryomine.core.CryomineException("the subvolume contains NaN or infinite values;"
                        + " clean the tomogram before pose normalization");
            }
        }
        double min = robustBackground ? backgroundLevel(v, s) : minimum(v, s);
        float[] weight = new float[v.length];
        double maskR2 = Math.pow(Math.min(nx, Math.min(ny, nz)) / 2.0, 2);
        int w0 = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++, w0++) {
                    double r2 = Math.pow(x - nx / 2, 2) + Math.pow(y - ny / 2, 2) + Math.pow(z - nz / 2, 2);
                    weight[w0] = sphericalMask && r2 > maskR2 ? 0f : (float) Math.max(0, s * v[w0] - min);
                }
            }
        }
        double sum = 0;
        double sx = 0;
        double sy = 0;
        double sz = 0;
        int i = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++, i++) {
                    double f = weight[i];
                    sum += f;
                    sx += f * x;
                    sy += f * y;
                    sz += f * z;
                }
            }
        }
        Vec3 middle = new Vec3(nx / 2, ny / 2, nz / 2);
        if (!(sum > 0)) {
            return new Pose(middle, new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1), new Vec3(0, 0, 0));
        }
        Vec3 c = new Vec3(sx / sum, sy / sum, sz / sum);
        double[] w = new double[6]; // xx, xy, xz, yy, yz, zz
        i = 0;
        for (int z = 0; z < nz; z++) {
            double dz = z - c.z();
            for (int y = 0; y < ny; y++) {
                double dy = y - c.y();
                for (int x = 0; x < nx; x++, i++) {
                    double f = weight[i];
                    double f2 = f * f;
                    double dx = x - c.x();
                    w[0] += f2 * dx * dx;
                    w[1] += f2 * dx * dy;
                    w[2] += f2 * dx * dz;
                    w[3] += f2 * dy * dy;
                    w[4] += f2 * dy * dz;
                    w[5] += f2 * dz * dz;
                }
            }
        }
        DMatrixRMaj m = new DMatrixRMaj(new double[][] {{w[0], w[1], w[2]}, {w[1], w[3], w[4]}, {w[2], w[4], w[5]}});
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(3, true, true);
        if (!eig.decompose(m)) {
            throw new org.cryomine.core.CryomineException("eigen decomposition of the inertia matrix failed");
        }
        Integer[] order = {0, 1, 2};
        double[] values = new double[3];
        Vec3[] vectors = new Vec3[3];
        for (int k = 0; k < 3; k++) {
            Complex_F64 ev = eig.getEigenvalue(k);
            values[k] = ev.real;
            DMatrixRMaj vec = eig.getEigenVector(k);
            Vec3 q = new Vec3(vec.get(0), vec.get(1), vec.get(2));
            vectors[k] = q.times(1 / q.norm());
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        Vec3[] q = {vectors[order[0]], vectors[order[1]], vectors[order[2]]};
        double[] m3 = new double[3];
        i = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++, i++) {
                    double f = weight[i];
                    double dx = x - c.x();
                    double dy = y - c.y();
                    double dz = z - c.z();
                    for (int k = 0; k < 3; k++) {
                        double p = dx * q[k].x() + dy * q[k].y() + dz * q[k].z();
                        m3[k] += f * f * p * p * p;
                    }
                }
            }
        }
        for (int k = 0; k < 3; k++) {
            if (m3[k] < 0) {
                q[k] = q[k].times(-1);
                m3[k] = -m3[k];
            }
        }
        if (cross(q[0], q[1]).dot(q[2]) < 0) {
            int weakest = 0;
            for (int k = 1; k < 3; k++) {
                if (m3[k] < m3[weakest]) {
                    weakest = k;
                }
            }
            q[weakest] = q[weakest].times(-1);
        }
        return new Pose(c, q[0], q[1], q[2], new Vec3(values[order[0]], values[order[1]], values[order[2]]));
    }

    /**
     * The level below which a voxel counts as background: median + 2 robust standard deviations
     * (1.4826 median absolute deviation) of the signed values {@code s v}.
     */
    static double backgroundLevel(float[] v, int s) {
        float[] sorted = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            sorted[i] = s * v[i];
        }
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        for (int i = 0; i < v.length; i++) {
            sorted[i] = (float) Math.abs(s * v[i] - median);
        }
        Arrays.sort(sorted);
        double mad = sorted[sorted.length / 2];
        return median + 2 * 1.4826 * mad;
    }

    private static double minimum(float[] v, int s) {
        double m = Double.POSITIVE_INFINITY;
        for (float x : v) {
            m = Math.min(m, s * x);
        }
        return m;
    }

    private static Vec3 cross(Vec3 a, Vec3 b) {
        return new Vec3(a.y() * b.z() - a.z() * b.y(), a.z() * b.x() - a.x() * b.z(), a.x() * b.y() - a.y() * b.x());
    }

    /**
     * Normalizes one subvolume, resampling from {@code tomogram} (the subvolume's source). Returns a new
     * subvolume (same source, centre, score; new voxels of the same size); nothing is modified.
     */
    public Subvolume normalize(Subvolume subvolume, Volume tomogram) {
        return normalize(subvolume, tomogram, (float) tomogram.statistics().mean());
    }

    /**
     * Normalizes a subvolume on its own, treating its box as the source (outside the box: the box's mean).
     * Use {@link #normalize(Subvolume, Volume)} when the tomogram is at hand: it invents nothing at corners.
     */
    public Subvolume normalize(Subvolume subvolume) {
        Volume box = subvolume.voxels();
        Subvolume local = new Subvolume(subvolume.source(), box.nx() / 2, box.ny() / 2, box.nz() / 2, subvolume.score(), box);
        Subvolume out = normalize(local, box, (float) box.statistics().mean());
        return subvolume.withVoxels(out.voxels());
    }

    /** Normalizes every subvolume from {@code tomogram}; see {@link #normalize(Subvolume, Volume)}. */
    public List<Subvolume> normalize(List<Subvolume> subvolumes, Volume tomogram) {
        return normalize(subvolumes, tomogram, ProgressListener.NONE);
    }

    /** As {@link #normalize(List, Volume)}, reporting stage "pose" per subvolume. Order is kept. */
    public List<Subvolume> normalize(List<Subvolume> subvolumes, Volume tomogram, ProgressListener listener) {
        Objects.requireNonNull(subvolumes, "subvolumes");
        Objects.requireNonNull(tomogram, "tomogram");
        float mean = (float) tomogram.statistics().mean();
        Subvolume[] out = new Subvolume[subvolumes.size()];
        AtomicLong done = new AtomicLong();
        Parallel.forRange(out.length, threads, (from, to) -> {
            for (int k = from; k < to; k++) {
                listener.checkCancelled();
                out[k] = normalize(subvolumes.get(k), tomogram, mean);
                listener.onProgress("pose", done.incrementAndGet(), out.length);
            }
        });
        return new ArrayList<>(Arrays.asList(out));
    }

    private Subvolume normalize(Subvolume sv, Volume tomogram, float outside) {
        Volume box = sv.voxels();
        Pose pose = estimate(box);
        int nx = box.nx();
        int ny = box.ny();
        int nz = box.nz();
        // box voxel (0,0,0) sits at tomogram voxel (x - nx/2, ...)
        float[] data = pose.resample(sv.x() - nx / 2, sv.y() - ny / 2, sv.z() - nz / 2, nx, ny, nz,
                (px, py, pz) -> tomogram.interpolate(px, py, pz, outside));
        return sv.withVoxels(Volume.wrap(data, nx, ny, nz, box.voxelSize(), box.origin()));
    }

    @Override
    public String toString() {
        return "PoseNormalizer[" + contrast + ", weight smoothing " + weightSmoothing + ", spherical mask " + sphericalMask
                + ", robust background " + robustBackground + "]";
    }
}
