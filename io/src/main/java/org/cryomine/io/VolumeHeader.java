package org.cryomine.io;

import java.util.List;
import java.util.Objects;
import org.cryomine.core.Vec3;
import org.cryomine.core.VolumeStatistics;
import org.cryomine.core.VoxelSize;

/**
 * What a volume file says about its content, independent of the format. Sizes are in x, y, z order
 * <em>after</em> any axis re-ordering (an MRC file with mapc, mapr, maps = 3, 1, 2 stores its columns
 * along z; here {@code nx} is still the size along x).
 *
 * @param format           id of the {@link VolumeFormat} that read it ("mrc", "tiff")
 * @param nx               voxels along x
 * @param ny               voxels along y
 * @param nz               voxels along z (images, for a stack)
 * @param dataType         how values are stored
 * @param mode             the MRC mode number, or -1 for formats without one
 * @param voxelSize        Å per voxel along x, y, z as the file says (MRC: cella / mx, my, mz); 0 along an
 *                         axis where the file does not say
 * @param origin           origin in Å (x, y, z)
 * @param labels           text labels, in order
 * @param headerStatistics min, max, mean and rms stored in the header (NaN where the format stores none;
 *                         not checked against the data: see {@code MrcValidator})
 * @param stackKind        volume, image stack or volume stack
 * @param bigEndian        byte order of the stored values
 * @param nsymbt           bytes of extended header (0 when none)
 * @param exttyp           the extended header's type (MRC EXTTYP, "" when unset)
 * @param ispg             MRC space group (0 for image stacks, 1 for a volume, 401-630 volume stacks)
 * @param nversion         MRC format version (20140 or 20141 for MRC2014; 0 when older)
 * @param axisOrder        MRC mapc, mapr, maps: which axis (1=x, 2=y, 3=z) the file's columns, rows and
 *                         sections run along
 */
public record VolumeHeader(String format, int nx, int ny, int nz, DataType dataType, int mode, Vec3 voxelSize,
                           Vec3 origin, List<String> labels, VolumeStatistics headerStatistics, StackKind stackKind,
                           boolean bigEndian, int nsymbt, String exttyp, int ispg, int nversion, List<Integer> axisOrder) {

    public VolumeHeader {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(voxelSize, "voxelSize");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(headerStatistics, "headerStatistics");
        Objects.requireNonNull(stackKind, "stackKind");
        Objects.requireNonNull(exttyp, "exttyp");
        labels = List.copyOf(labels);
        axisOrder = List.copyOf(axisOrder);
        if (nx < 1 || ny < 1 || nz < 1) {
            throw new IllegalArgumentException("sizes must be positive, got " + nx + "x" + ny + "x" + nz);
        }
        try {
            // readers refuse such headers (as corrupt files) before getting here
            Math.multiplyExact(Math.multiplyExact((long) nx, (long) ny), (long) nz);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(nx + "x" + ny + "x" + nz + " voxels are more than a long can count");
        }
    }

    /** Number of voxels, as a long (may exceed what fits in one in-memory volume). */
    public long voxelCount() {
        return Math.multiplyExact(Math.multiplyExact((long) nx, (long) ny), (long) nz);
    }

    /** The voxel size, with 1 Å along any axis where the file gives none (or a non-positive one). */
    public VoxelSize voxelSizeOrDefault() {
        return new VoxelSize(positiveOr1(voxelSize.x()), positiveOr1(voxelSize.y()), positiveOr1(voxelSize.z()));
    }

    private static double positiveOr1(double v) {
        return v > 0 && Double.isFinite(v) ? v : 1.0;
    }
}
