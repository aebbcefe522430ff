package org.cryomine.core.simulate;

/**
 * A contrast transfer function (isotropic, no envelope, no astigmatism), applied to the signal of a simulated
 * tomogram in 3-D as {@code H(f) = sqrt(1 - A^2) sin(chi) + A cos(chi)} with
 * {@code chi = pi lambda dz f^2 - pi/2 Cs lambda^3 f^4} (f in 1/Å), so that dense matter stays dark at low
 * frequencies while large-scale contrast is attenuated and fine detail flips beyond the first zero, as in an
 * uncorrected tomogram. The noise is not modulated (shot noise is white).
 *
 * @param defocusMicrons     underfocus in µm (positive)
 * @param voltageKv          acceleration voltage in kV
 * @param sphericalAberrationMm spherical aberration Cs in mm
 * @param amplitudeContrast  amplitude contrast fraction A (0..1)
 */
public record Ctf(double defocusMicrons, double voltageKv, double sphericalAberrationMm, double amplitudeContrast) {

    public Ctf {
        if (!(defocusMicrons > 0) || !Double.isFinite(defocusMicrons)) {
            throw new IllegalArgumentException("defocus must be a positive number of µm, got " + defocusMicrons);
        }
        if (!(voltageKv > 0) || !(sphericalAberrationMm >= 0) || !(amplitudeContrast >= 0 && amplitudeContrast <= 1)) {
            throw new IllegalArgumentException("CTF needs voltage > 0 kV, Cs >= 0 mm and amplitude contrast in [0, 1]");
        }
    }

    /** 300 kV, Cs 2.7 mm, amplitude contrast 0.07, at the given underfocus (µm). */
    public static Ctf typical(double defocusMicrons) {
        return new Ctf(defocusMicrons, 300, 2.7, 0.07);
    }

    /** Relativistic electron wavelength in Å. */
    public double wavelengthAngst() {
        double v = voltageKv * 1e3;
        return 12.2643247 / Math.sqrt(v * (1 + 0.978466e-6 * v));
    }

    /** The transfer at spatial frequency {@code f} (1/Å). */
    public double gain(double f) {
        double lambda = wavelengthAngst();
        double dz = defocusMicrons * 1e4;
        double cs = sphericalAberrationMm * 1e7;
        double f2 = f * f;
        double chi = Math.PI * lambda * dz * f2 - Math.PI / 2 * cs * lambda * lambda * lambda * f2 * f2;
        return Math.sqrt(1 - amplitudeContrast * amplitudeContrast) * Math.sin(chi) + amplitudeContrast * Math.cos(chi);
    }
}
