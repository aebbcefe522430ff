package org.cryomine.io.mrc;

import java.nio.file.Path;
import org.cryomine.io.Fixtures;
import org.cryomine.io.VolumeFormat;
import org.cryomine.io.VolumeFormatContract;

/** The format contract on a gzip-compressed MRC file (EMD-3197, read from memory after decompression). */
class MrcCompressedContractTest extends VolumeFormatContract {

    @Override
    protected VolumeFormat format() {
        return new MrcFormat();
    }

    @Override
    protected Path sampleFile(Path dir) {
        return Fixtures.path("mrc/emd_3197.map.gz");
    }
}
