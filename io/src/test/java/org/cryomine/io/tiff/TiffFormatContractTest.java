package org.cryomine.io.tiff;

import java.nio.file.Path;
import org.cryomine.io.Fixtures;
import org.cryomine.io.VolumeFormat;
import org.cryomine.io.VolumeFormatContract;

/** The format contract on the real 14-protofilament microtubule crop (ImageJ TIFF). */
class TiffFormatContractTest extends VolumeFormatContract {

    @Override
    protected VolumeFormat format() {
        return new TiffFormat();
    }

    @Override
    protected Path sampleFile(Path dir) {
        return Fixtures.path("real/14pf_MT.tif");
    }
}
