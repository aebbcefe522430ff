package org.cryomine.io.zarr;

import java.nio.file.Path;
import org.cryomine.io.Fixtures;
import org.cryomine.io.VolumeFormat;
import org.cryomine.io.VolumeFormatContract;

/** The format contract on the 3-level OME-Zarr image written by python3-zarr 2.13.6 (fixtures/zarr). */
class ZarrFormatContractTest extends VolumeFormatContract {

    @Override
    protected VolumeFormat format() {
        return new ZarrFormat();
    }

    @Override
    protected Path sampleFile(Path dir) {
        return Fixtures.path("zarr/multiscale.zarr");
    }
}
