package org.cryomine.core.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cryomine.core.Vec3;
import org.cryomine.core.Volume;
import org.cryomine.core.VoxelSize;
import org.junit.jupiter.api.Test;

class TomogramSimulatorTest {

    private static TomogramSimulator.Builder small() {
        return TomogramSimulator.builder().size(96, 96, 48).seed(42).largeGlobules(6).smallGlobules(10)
                .flatMembranes(1).vesicles(1).goldBeads(2).carbonEdge(true).threads(2);
    }

    private static final SimulatedTomogram SIM = small().build().simulate();

    @Test
    void sameSeedSameTomogramOtherSeedOther() {
        SimulatedTomogram again = small().build().simulate();
        assertThat(again.tomogram().data()).isEqualTo(SIM.tomogram().data());
        assertThat(again.labels().data()).isEqualTo(SIM.labels().data());
        assertThat(again.objects()).isEqualTo(SIM.objects());
        SimulatedTomogram other = small().seed(43).build().simulate();
        assertThat(other.tomogram().data()).isNotEqualTo(SIM.tomogram().data());
    }

    @Test
    void holdsTheRequestedObjectsAndVoxelSize() {
        assertThat(SIM.tomogram().voxelSize()).isEqualTo(VoxelSize.isotropic(14.2));
        assertThat(SIM.objects(ObjectClass.LARGE_GLOBULE)).hasSize(6);
        assertThat(SIM.objects(ObjectClass.SMALL_GLOBULE)).hasSize(10);
        assertThat(SIM.objects(ObjectClass.MEMBRANE)).hasSize(2);
        assertThat(SIM.objects(ObjectClass.GOLD)).hasSize(2);
        assertThat(SIM.objects(ObjectClass.CARBON)).hasSize(1);
        // sizes in voxels at 1.42 nm: large 25-30 nm, small 8-12 nm, gold 10 nm
        assertThat(SIM.objects(ObjectClass.LARGE_GLOBULE)).allSatisfy(o -> assertThat(o.size()).isBetween(17.6, 21.2));
        assertThat(SIM.objects(ObjectClass.SMALL_GLOBULE)).allSatisfy(o -> assertThat(o.size()).isBetween(5.6, 8.5));
        assertThat(SIM.objects(ObjectClass.GOLD)).allSatisfy(o -> assertThat(o.size()).isCloseTo(7.04,
                org.assertj.core.data.Offset.offset(0.01)));
    }

    @Test
    void labelMapMatchesTheObjects() {
        Volume labels = SIM.labels();
        for (SimulatedObject o : SIM.objects()) {
            Vec3 probe = o.centre();
            if (o.shape().equals("vesicle")) {
                probe = o.centre().plus(new Vec3(o.size() / 2, 0, 0));
                if (!labels.contains((int) Math.round(probe.x()), 0, 0)) {
                    probe = o.centre().minus(new Vec3(o.size() / 2, 0, 0));
                }
            }
            int x = (int) Math.round(probe.x());
            int y = (int) Math.round(probe.y());
            int z = (int) Math.round(probe.z());
            assertThat(labels.get(x, y, z)).as("label at %s of %s", probe, o).isEqualTo((float) o.cls().label());
        }
        // every label value is a known class, background dominates, each class present covers voxels
        float[] l = labels.data();
        int[] counts = new int[6];
        for (float v : l) {
            counts[(int) v]++;
        }
        assertThat(counts[0]).isGreaterThan(l.length / 2);
        for (int c = 1; c <= 5; c++) {
            assertThat(counts[c]).as("voxels of class %d", c).isPositive();
        }
        // every globule or gold voxel lies within its radius (+1) of an object of its class
        for (int z = 0; z < labels.nz(); z++) {
            for (int y = 0; y < labels.ny(); y++) {
                for (int x = 0; x < labels.nx(); x++) {
                    int c = (int) labels.get(x, y, z);
                    if (c == 2 || c == 3 || c == 5) {
                        Vec3 p = new Vec3(x, y, z);
                        boolean owned = false;
                        for (SimulatedObject o : SIM.objects()) {
                            owned |= o.cls().label() == c && o.centre().distance(p) <= o.size() / 2 + 1;
                        }
                        assertThat(owned).as("voxel %s of class %d lies within an object of its class", p, c).isTrue();
                    }
                }
            }
        }
        // each large globule is a compact lumpy body: its labelled voxels within its radius fill 35-100% of the ball
        for (SimulatedObject o : SIM.objects(ObjectClass.LARGE_GLOBULE)) {
            double r = o.size() / 2;
            int inBall = 0;
            int labelled = 0;
            for (int z = (int) (o.centre().z() - r); z <= o.centre().z() + r; z++) {
                for (int y = (int) (o.centre().y() - r); y <= o.centre().y() + r; y++) {
                    for (int x = (int) (o.centre().x() - r); x <= o.centre().x() + r; x++) {
                        if (labels.contains(x, y, z) && new Vec3(x, y, z).distance(o.centre()) <= r) {
                            inBall++;
                            labelled += labels.get(x, y, z) == 2f ? 1 : 0;
                        }
                    }
                }
            }
            assertThat(labelled / (double) inBall).isBetween(0.35, 1.0);
        }
    }

    @Test
    void denseMatterIsNegative() {
        double object = 0;
        int nObject = 0;
        double background = 0;
        int nBackground = 0;
        float[] t = SIM.noiseFree().data();
        float[] l = SIM.labels().data();
        for (int i = 0; i < t.length; i++) {
            if (l[i] == 2f || l[i] == 5f) {
                object += t[i];
                nObject++;
            } else if (l[i] == 0f) {
                background += t[i];
                nBackground++;
            }
        }
        assertThat(object / nObject).isLessThan(background / nBackground - 0.3);
    }

    /** Fraction of the spectral energy (DC excluded) of {@code v} inside the missing wedge of a ±60° tilt about y. */
    private static double wedgeEnergyFraction(Volume v) {
        int nx = v.nx();
        int ny = v.ny();
        int nz = v.nz();
        float[] re = v.data().clone();
        float[] im = new float[re.length];
        Fft3d.transform(re, im, nx, ny, nz, false, 2);
        double inside = 0;
        double total = 0;
        double tan = Math.tan(Math.toRadians(60));
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    if (x == 0 && y == 0 && z == 0) {
                        continue;
                    }
                    int i = x + nx * (y + ny * z);
                    double e = (double) re[i] * re[i] + (double) im[i] * im[i];
                    total += e;
                    double fx = Fft3d.frequency(x, nx) / (double) nx;
                    double fz = Fft3d.frequency(z, nz) / (double) nz;
                    if (Math.abs(fz) > tan * Math.abs(fx) * 1.0001) {
                        inside += e;
                    }
                }
            }
        }
        return inside / total;
    }

    @Test
    void missingWedgeIsEmptyInFourierSpace() {
        // the wedge applies to signal and noise alike: both the noisy and the noise-free tomogram are empty there
        assertThat(wedgeEnergyFraction(SIM.tomogram())).isLessThan(1e-8);
        assertThat(wedgeEnergyFraction(SIM.noiseFree())).isLessThan(1e-8);
        SimulatedTomogram noWedge = small().tiltRange(90).build().simulate();
        assertThat(wedgeEnergyFraction(noWedge.tomogram())).isGreaterThan(0.1);
    }

    @Test
    void measuredSnrIsTheRequestedOne() {
        for (double snr : new double[] {0.5, 2.0}) {
            SimulatedTomogram s = small().snr(snr).bandPassAngst(400, 30).build().simulate();
            // SNR = variance of the noise-free (filtered) tomogram / variance of what the noise added
            float[] t = s.tomogram().data();
            float[] f = s.noiseFree().data();
            double[] sums = new double[4];
            for (int i = 0; i < t.length; i++) {
                double n = t[i] - f[i];
                sums[0] += f[i];
                sums[1] += (double) f[i] * f[i];
                sums[2] += n;
                sums[3] += n * n;
            }
            int count = t.length;
            double varSignal = sums[1] / count - Math.pow(sums[0] / count, 2);
            double varNoise = sums[3] / count - Math.pow(sums[2] / count, 2);
            assertThat(varSignal / varNoise).isBetween(snr * 0.9, snr * 1.1);
            assertThat(s.measuredSnr()).isBetween(snr * 0.9, snr * 1.1);
        }
        SimulatedTomogram clean = small().snr(Double.POSITIVE_INFINITY).build().simulate();
        assertThat(clean.tomogram().data()).isEqualTo(clean.noiseFree().data());
    }

    @Test
    void bandPassRemovesHighFrequencies() {
        SimulatedTomogram s = small().snr(Double.POSITIVE_INFINITY).tiltRange(90).bandPassAngst(500, 60).build().simulate();
        Volume v = s.tomogram();
        float[] re = v.data().clone();
        float[] im = new float[re.length];
        Fft3d.transform(re, im, v.nx(), v.ny(), v.nz(), false, 2);
        double high = 0;
        double total = 0;
        for (int z = 0; z < v.nz(); z++) {
            for (int y = 0; y < v.ny(); y++) {
                for (int x = 0; x < v.nx(); x++) {
                    int i = x + v.nx() * (y + v.ny() * z);
                    double fx = Fft3d.frequency(x, v.nx()) / (v.nx() * 14.2);
                    double fy = Fft3d.frequency(y, v.ny()) / (v.ny() * 14.2);
                    double fz = Fft3d.frequency(z, v.nz()) / (v.nz() * 14.2);
                    double e = (double) re[i] * re[i] + (double) im[i] * im[i];
                    total += i == 0 ? 0 : e;
                    // beyond 1/20 Å the Gaussian low-pass at 1/60 Å leaves exp(-(3^2)) = 1e-4 of the amplitude
                    if (fx * fx + fy * fy + fz * fz > 1.0 / (20 * 20)) {
                        high += e;
                    }
                }
            }
        }
        assertThat(high / total).isLessThan(1e-6);
        SimulatedTomogram raw = small().snr(Double.POSITIVE_INFINITY).tiltRange(90).build().simulate();
        assertThat(raw.tomogram().data()).isNotEqualTo(v.data());
    }

    @Test
    void ctfModulatesTheSignalButNotTheNoise() {
        Ctf ctf = Ctf.typical(4);
        SimulatedTomogram plain = small().tiltRange(90).build().simulate();
        SimulatedTomogram withCtf = small().tiltRange(90).ctf(ctf).build().simulate();
        Volume a = plain.noiseFree();
        Volume b = withCtf.noiseFree();
        float[] ar = a.data().clone();
        float[] ai = new float[ar.length];
        float[] br = b.data().clone();
        float[] bi = new float[br.length];
        Fft3d.transform(ar, ai, a.nx(), a.ny(), a.nz(), false, 2);
        Fft3d.transform(br, bi, b.nx(), b.ny(), b.nz(), false, 2);
        // at a few frequencies the ratio of the spectra is the CTF's gain
        int[][] ks = {{3, 0, 0}, {10, 5, 0}, {0, 20, 4}, {40, 0, 10}};
        for (int[] k : ks) {
            int i = k[0] + a.nx() * (k[1] + a.ny() * k[2]);
            double f = Math.sqrt(Math.pow(k[0] / (96 * 14.2), 2) + Math.pow(k[1] / (96 * 14.2), 2) + Math.pow(k[2] / (48 * 14.2), 2));
            double ratio = br[i] / (double) ar[i];
            assertThat(ratio).as("frequency %s", java.util.Arrays.toString(k)).isCloseTo(ctf.gain(f),
                    org.assertj.core.data.Offset.offset(1e-3 + 1e-3 * Math.abs(ctf.gain(f))));
            assertThat(bi[i] / (double) ai[i]).isCloseTo(ctf.gain(f), org.assertj.core.data.Offset.offset(1e-2));
        }
        // the noise is the same white noise, only scaled to the new signal variance
        float[] t1 = plain.tomogram().data();
        float[] t2 = withCtf.tomogram().data();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < t1.length; i++) {
            double n1 = t1[i] - a.data()[i];
            double n2 = t2[i] - b.data()[i];
            sxy += n1 * n2;
            sxx += n1 * n1;
            syy += n2 * n2;
        }
        assertThat(sxy / Math.sqrt(sxx * syy)).isGreaterThan(0.9999);
        assertThat(withCtf.measuredSnr()).isBetween(0.45, 0.55);
        // 4 µm at 300 kV: first zero near 1/28 Å
        assertThat(ctf.gain(1 / 500.0)).isBetween(0.07, 0.2);
        assertThat(ctf.gain(1 / 28.5)).isCloseTo(0, org.assertj.core.data.Offset.offset(0.15));
    }

    @Test
    void aListenerCanCancel() {
        org.cryomine.core.ProgressListener cancel = new org.cryomine.core.ProgressListener() {
            @Override
            public void onProgress(String stage, long done, long total) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> small().build().simulate(cancel))
                .isInstanceOf(org.cryomine.core.ProgressListener.CancelledException.class);
    }

    @Test
    void rejectsBadConfiguration() {
        assertThatThrownBy(() -> TomogramSimulator.builder().snr(0).build()).hasMessageContaining("SNR");
        assertThatThrownBy(() -> TomogramSimulator.builder().tiltRange(95).build()).hasMessageContaining("tilt");
        assertThatThrownBy(() -> TomogramSimulator.builder().size(4, 100, 100).build()).hasMessageContaining("8 voxels");
        assertThatThrownBy(() -> TomogramSimulator.builder().largeGlobules(-2)).hasMessageContaining("large");
    }

    @Test
    void orientationMatrixIsARotation() {
        Orientation o = new Orientation(30, 70, -110);
        double[] m = o.matrix();
        Vec3 a = new Vec3(m[0], m[3], m[6]);
        Vec3 b = new Vec3(m[1], m[4], m[7]);
        Vec3 c = o.zAxis();
        assertThat(a.norm()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(a.dot(b)).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-12));
        // right-handed: a x b = c
        assertThat(a.y() * b.z() - a.z() * b.y()).isCloseTo(c.x(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(o.apply(new Vec3(0, 0, 1)).distance(c)).isLessThan(1e-12);
    }
}
