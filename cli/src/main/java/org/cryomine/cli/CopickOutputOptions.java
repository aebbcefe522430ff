package org.cryomine.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cryomine.io.copick.CopickSession;
import picocli.CommandLine.Option;

/** {@code --copick-user-id U --copick-session-id S --copick-object GROUP=OBJECT} (a mixin). */
final class CopickOutputOptions {

    @Option(names = "--copick-user-id", defaultValue = "cryomine", paramLabel = "USER",
            description = "copick user id of what is written (default ${DEFAULT-VALUE}).")
    String userId;

    @Option(names = "--copick-session-id", defaultValue = "0", paramLabel = "SESSION",
            description = "copick session id of what is written (default ${DEFAULT-VALUE}: copick's mark of a tool's "
                    + "output). Names may not hold '_', spaces or <>:\"/\\|?*.")
    String sessionId;

    @Option(names = "--copick-object", paramLabel = "GROUP=OBJECT",
            description = "Write group GROUP as the copick pickable object OBJECT (repeatable); by default each group is "
                    + "the object of its name. copick keeps only objects its configuration lists.")
    Map<String, String> objects = new LinkedHashMap<>();

    CopickSession session() {
        return new CopickSession(userId, sessionId);
    }
}
