package org.cryomine.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.cryomine.core.Volume;
import org.cryomine.core.filter.BoundaryMode;
import org.cryomine.core.filter.DogFilter;
import org.cryomine.core.filter.GaussianFilter;
import org.cryomine.core.pick.Peak;
import org.cryomine.core.pick.PeakFinder;

/**
 * Checks the CUDA kernels without a GPU: runs src/test/cpp/emulate.cpp (the kernels compiled for the CPU) on noise
 * volumes in every boundary mode and compares the response with core's DogFilter (1e-4 of its largest magnitude) and
 * the maxima with PeakFinder's on that response. A developer tool (cuda/emulate-kernels.sh), so it prints.
 */
public final class KernelEmulation {

    private KernelEmulation() {
    }

    static float[] half(double sigma) {
        double[] k = GaussianFilter.kernel(sigma, 4.0);
        int r = k.length / 2;
        float[] h = new float[r + 1];
        for (int i = 0; i <= r; i++) h[i] = (float) k[r + i];
        return h;
    }
    public static void main(String[] a) throws Exception {
        String emu = a[0];
        Path dir = Files.createTempDirectory("cryomine-emu");
        int[][] sizes = {{45, 38, 29}, {70, 5, 1}, {1, 9, 130}, {150, 20, 11}};
        double[][] params = {{2, 3, 1.1}, {0, 1.5, 1.6}, {1, 6, 1.5}};
        int fails = 0;
        for (int[] s : sizes) for (double[] p : params) for (BoundaryMode m : BoundaryMode.values()) {
            int sign = (s[0] + m.ordinal()) % 2 == 0 ? 1 : -1;
            Volume v = Volume.gaussianNoise(s[0], s[1], s[2], 7 + s[0]);
            if (m == BoundaryMode.CONSTANT || m == BoundaryMode.REFLECT) { // a raw tomogram's offset
                for (int i = 0; i < v.data().length; i++) v.data()[i] += 10000f;
            }
            ByteBuffer bb = ByteBuffer.allocate(68 + 4 * v.data().length + 4 * 1000).order(ByteOrder.LITTLE_ENDIAN);
            bb.putInt(s[0]).putInt(s[1]).putInt(s[2]).putInt(m.ordinal()).putInt(sign);
            if (p[0] > 0) { float[] w = half(p[0]); bb.putInt(w.length - 1); for (float x : w) bb.putFloat(x); } else bb.putInt(-1);
            float[] wa = half(p[1]); bb.putInt(wa.length - 1); for (float x : wa) bb.putFloat(x);
            float[] wb = half(p[1] * p[2]); bb.putInt(wb.length - 1); for (float x : wb) bb.putFloat(x);
            double t = Double.NEGATIVE_INFINITY;
            bb.putDouble(t);
            for (float x : v.data()) bb.putFloat(x);
            bb.putFloat(org.cryomine.core.filter.DogFilter.typicalValue(v.data()));
            Files.write(dir.resolve("job.bin"), Arrays.copyOf(bb.array(), bb.position()));
            Process pr = new ProcessBuilder(emu, dir.resolve("job.bin").toString(), dir.resolve("out.bin").toString()).inheritIO().start();
            if (pr.waitFor() != 0) throw new IllegalStateException("emu failed");
            ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("out.bin"))).order(ByteOrder.LITTLE_ENDIAN);
            float[] got = new float[v.data().length];
            for (int i = 0; i < got.length; i++) got[i] = in.getFloat();
            int n = in.getInt();
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) idx[i] = in.getInt();
            Volume cpu = DogFilter.of(p[1], p[2]).withSmoothing(p[0]).withMode(m).withThreads(2).apply(v);
            double scale = 0, err = 0;
            for (int i = 0; i < got.length; i++) {
                float e = sign * cpu.data()[i];
                scale = Math.max(scale, Math.abs(e));
                err = Math.max(err, Math.abs(e - got[i]));
            }
            List<Peak> ref = PeakFinder.localMaxima(Volume.wrap(got, s[0], s[1], s[2]), t, 1);
            int[] refIdx = ref.stream().mapToInt(q -> q.x() + s[0] * (q.y() + s[1] * q.z())).toArray();
            boolean ok = err <= 1e-4 * scale && Arrays.equals(refIdx, idx);
            if (!ok) fails++;
            System.out.printf("%s %dx%dx%d %s sign %d: rel err %.2e, peaks %d vs %d %s%n", Arrays.toString(p), s[0], s[1], s[2], m, sign,
                    err / scale, n, refIdx.length, ok ? "OK" : "FAIL");
        }
        System.out.println("failures: " + fails);
        System.exit(fails == 0 ? 0 : 1);
    }
}
