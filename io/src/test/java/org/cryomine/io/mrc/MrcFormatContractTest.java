package org.cryomine.io.mrc;

import java.nio.file.Path;
import org.cryomine.core.Volume;
import org.cryomine.io.VolumeFormat;
import org.cryomine.io.VolumeFormatContract;
import org.cryomine.io.Volumes;

/** The format contract on an MRC file written by cryomine (mode 2, axis order 1,2,3). */
class MrcFormatContractTest extends VolumeFormatContract {

    @Override
    protected VolumeFormat format() {
        return new MrcFormat();
    }

    @Override
    protected Path sampleFile(Path dir) {
        Path file = dir.resolve("sample.mrc");
        if (!file.toFile().exists()) {
            Volumes.write(Volume.gaussianNoise(13, 9, 7, 1), file);
        }
        return file;
    }
}
