package org.cryomine.cli;

/** Entry point of {@code java -jar cryomine.jar}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        StageTimings.mainStarted();
        long start = System.nanoTime();
        System.exit(CryomineCommand.execute(CryomineCommand.forArguments(args), start, args));
    }
}
