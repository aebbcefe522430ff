package org.cryomine.io;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Paths of the test fixtures copied into src/test/resources/fixtures (see PROVENANCE.md there). */
public final class Fixtures {

    private Fixtures() {
    }

    /** The fixture {@code relative} (e.g. "mrc/EMD-3197.map") as a file path. */
    public static Path path(String relative) {
        URL url = Fixtures.class.getResource("/fixtures/" + relative);
        if (url == null) {
            throw new IllegalArgumentException("no fixture " + relative);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
