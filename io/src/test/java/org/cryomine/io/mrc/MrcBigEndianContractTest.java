package org.cryomine.io.mrc;

import java.nio.file.Path;
import org.cryomine.io.Fixtures;
import org.cryomine.io.VolumeFormat;
import org.cryomine.io.VolumeFormatContract;

/** The format contract on mrcfile's big-endian file with a 64-byte extended header. */
class MrcBigEndianContractTest extends VolumeFormatContract {

    @Override
    protected VolumeFormat format() {
        return new MrcFormat();
    }

    @Override
    protected Path sampleFile(Path dir) {
        return Fixtures.path("mrc/bigendian_exthdr.mrc");
    }
}
