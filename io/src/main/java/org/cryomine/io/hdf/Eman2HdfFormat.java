package org.cryomine.io.hdf;

import java.nio.file.Path;
import java.util.List;
import org.cryomine.core.Volume;
import org.cryomine.io.ReadOptions;
import org.cryomine.io.VolumeFormat;
import org.cryomine.io.VolumeHeader;

/**
 * EMAN2's HDF5 image files ({@code .hdf}), read through jhdf (pure Java): single volumes or images in EMAN2's
 * layout (see {@link Eman2Image}), any stored number type, chunked and compressed datasets, region reads by
 * HDF5 hyperslab. Any HDF5 file is probed as this format, so that one in another layout gets an error saying
 * so. Read-only. Stateless and thread-safe.
 */
public final class Eman2HdfFormat implements VolumeFormat {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    @Override
    public String id() {
        return "hdf";
    }

    @Override
    public List<String> extensions() {
        return List.of("hdf");
    }

    /** The HDF5 signature at byte 0 or 512 (after a user block). */
    @Override
    public boolean probe(byte[] firstBytes) {
        return signatureAt(firstBytes, 0) || signatureAt(firstBytes, 512);
    }

    private static boolean signatureAt(byte[] b, int at) {
        if (b.length < at + SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (b[at + i] != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public VolumeHeader readHeader(Path file, ReadOptions options) {
        try (Eman2Image image = Eman2Image.open(file)) {
            return image.header();
        }
    }

    @Override
    public Volume read(Path file, ReadOptions options) {
        try (Eman2Image image = Eman2Image.open(file)) {
            VolumeHeader h = image.header();
            return image.read(0, 0, 0, h.nx(), h.ny(), h.nz());
        }
    }

    @Override
    public Volume readRegion(Path file, ReadOptions options, int x0, int y0, int z0, int sx, int sy, int sz) {
        try (Eman2Image image = Eman2Image.open(file)) {
            return image.read(x0, y0, z0, sx, sy, sz);
        }
    }

    @Override
    public String toString() {
        return "Eman2HdfFormat[hdf]";
    }
}
