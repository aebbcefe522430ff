package org.cryomine.cuda;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.cryomine.core.Volume;
import org.cryomine.core.accel.AcceleratorStatus;
import org.cryomine.core.accel.DogRequest;
import org.cryomine.core.pick.Peak;
import org.cryomine.core.pick.PeakFinder;

/**
 * Times the CUDA DoG (the paper's settings: smoothing 2, sigma 5, K 1.1, dark contrast) on a noise tomogram,
 * default 1000x1000x300: the upload, the filter kernels (CUDA events), the local maxima with their download,
 * and the full response's download; median of the rounds after one warm-up, optionally against core's CPU
 * DogFilter + PeakFinder in the same run. A command-line tool, so it prints.
 *
 * <pre>java -cp ... org.cryomine.cuda.GpuDogBenchmark [nx ny nz] [--rounds N] [--cpu]</pre>
 */
public final class GpuDogBenchmark {

    private GpuDogBenchmark() {
    }

    public static void main(String[] args) {
        int[] n = {1000, 1000, 300};
        int rounds = 5;
        boolean cpu = false;
        int k = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--cpu")) {
                cpu = true;
            } else {
                n[k++] = Integer.parseInt(args[i]);
            }
        }
        CudaDogAccelerator cuda = new CudaDogAccelerator();
        AcceleratorStatus s = cuda.status();
        if (!s.available()) {
            System.out.println("GpuDogBenchmark: no CUDA device: " + s.description());
            System.exit(2);
        }
        System.out.printf(Locale.ROOT, "GpuDogBenchmark on %s, %dx%dx%d voxels (%.2f GB float32), %d rounds%n",
                s.description(), n[0], n[1], n[2], 4e-9 * n[0] * n[1] * n[2], rounds);
        Volume tomo = Volume.gaussianNoise(n[0], n[1], n[2], 42);
        DogRequest request = DogRequest.of(2, 5, 1.1, -1);
        double[] upload = new double[rounds];
        double[] kernels = new double[rounds];
        double[] maxima = new double[rounds];
        double[] download = new double[rounds];
        double[] total = new double[rounds];
        int peaks = 0;
        for (int r = -1; r < rounds; r++) {
            long t0 = System.nanoTime();
            try (CudaDogComputation c = cuda.compute(tomo, request)) {
                long t1 = System.nanoTime();
                List<Peak> p = c.localMaxima(Double.NEGATIVE_INFINITY);
                long t2 = System.nanoTime();
                c.response();
                long t3 = System.nanoTime();
                if (r >= 0) {
                    kernels[r] = c.kernelMillis();
                    upload[r] = (t1 - t0) / 1e6 - kernels[r];
                    maxima[r] = (t2 - t1) / 1e6;
                    download[r] = (t3 - t2) / 1e6;
                    total[r] = (t2 - t0) / 1e6;
                    peaks = p.size();
                }
            }
        }
        System.out.printf(Locale.ROOT, "  upload + allocation  %9.1f ms (median)%n", median(upload));
        System.out.printf(Locale.ROOT, "  DoG kernels          %9.1f ms (CUDA events; %.0f GB/s effective over 8 passes)%n",
                median(kernels), 8 * 2 * 4e-9 * n[0] * n[1] * n[2] / (median(kernels) / 1e3));
        System.out.printf(Locale.ROOT, "  local maxima         %9.1f ms (%d candidates, with their download and sort)%n",
                median(maxima), peaks);
        System.out.printf(Locale.ROOT, "  picking total        %9.1f ms (upload + DoG + maxima)%n", median(total));
        System.out.printf(Locale.ROOT, "  response download    %9.1f ms%n", median(download));
        if (cpu) {
            long t0 = System.nanoTime();
            Volume dog = request.cpuFilter(Runtime.getRuntime().availableProcessors()).apply(tomo);
            float[] d = dog.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = -d[i];
            }
            List<Peak> p = PeakFinder.localMaxima(dog, Double.NEGATIVE_INFINITY, Runtime.getRuntime().availableProcessors());
            double ms = (System.nanoTime() - t0) / 1e6;
            System.out.printf(Locale.ROOT, "  CPU DogFilter + PeakFinder (%d threads, one round): %.1f ms, %d candidates;"
                    + " GPU picking is %.1fx faster%n", Runtime.getRuntime().availableProcessors(), ms, p.size(),
                    ms / median(total));
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
