package org.cryomine.cli;

/** Entry point of {@code java -jar cryomine.jar}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(CryomineCommand.execute(CryomineCommand.newCommandLine(), args));
    }
}
