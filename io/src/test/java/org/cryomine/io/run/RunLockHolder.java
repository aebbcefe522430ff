package org.cryomine.io.run;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A tiny program for {@link RunLockTest}: locks the run folder {@code args[0]}, prints "locked", and holds the
 * lock until its standard input closes (or it is killed).
 */
public final class RunLockHolder {

    private RunLockHolder() {
    }

    public static void main(String[] args) throws IOException {
        try (RunLock lock = RunLock.acquire(Path.of(args[0]), "RunLockHolder test")) {
            System.out.println("locked " + lock.owner().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until stdin closes
            }
        }
    }
}
