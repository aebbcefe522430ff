package org.cryomine.io.hdf;

import java.nio.file.Path;
import org.cryomine.io.Fixtures;
import org.cryomine.io.VolumeFormat;
import org.cryomine.io.VolumeFormatContract;

/** The format contract on an EMAN2-layout volume written by h5py 3.7.0 (fixtures/eman2). */
class Eman2HdfContractTest extends VolumeFormatContract {

    @Override
    protected VolumeFormat format() {
        return new Eman2HdfFormat();
    }

    @Override
    protected Path sampleFile(Path dir) {
        return Fixtures.path("eman2/volume_bigendian_chunked_gzip.hdf");
    }
}
