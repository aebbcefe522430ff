package org.cryomine.cli;

import java.nio.file.Path;
import java.util.List;
import org.cryomine.segmentation.Selection;
import picocli.CommandLine.Option;

/** {@code --selection SEL.json} or {@code --group NAME=C1,C2 ...} (a picocli mixin). */
final class SelectionOptions {

    @Option(names = "--selection", paramLabel = "SEL.json",
            description = "Selection file: {\"groups\": [{\"name\": \"membrane\", \"clusters\": [3, 17]}, ...]} "
                    + "(the report's 'save selection' writes it).")
    Path file;

    @Option(names = "--group", paramLabel = "NAME=C1,C2",
            description = "A group of clusters, e.g. --group membrane=3,17 --group globule=5,9 (same as a selection file).")
    List<String> groups;

    /** Whether a selection was given at all. */
    boolean given() {
        return file != null || (groups != null && !groups.isEmpty());
    }

    Selection selection() {
        if ((file == null) == (groups == null || groups.isEmpty())) {
            throw new IllegalArgumentException("give either --selection FILE or one or more --group NAME=C1,C2");
        }
        return file != null ? Selection.load(file) : Selection.parse(groups);
    }
}
