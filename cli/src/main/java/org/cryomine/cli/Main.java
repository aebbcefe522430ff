package org.cryomine.cli;

import picocli.CommandLine;

/** Entry point of {@code java -jar cryomine.jar}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(CryomineCommand.newCommandLine().execute(args));
    }
}
