package org.cryomine.io.mrc;

import java.nio.file.Path;
import org.cryomine.io.Fixtures;
import org.cryomine.io.VolumeFormat;
import org.cryomine.io.VolumeFormatContract;

/** The format contract on EMD-3001 (axis order 3,1,2, 160-byte extended header). */
class MrcReorderedContractTest extends VolumeFormatContract {

    @Override
    protected VolumeFormat format() {
        return new MrcFormat();
    }

    @Override
    protected Path sampleFile(Path dir) {
        return Fixtures.path("mrc/EMD-3001.map");
    }
}
