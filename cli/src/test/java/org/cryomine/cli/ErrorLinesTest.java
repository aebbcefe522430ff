package org.cryomine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Running out of memory ends in one line with what to change and exit status 2, never a stack trace. */
class ErrorLinesTest {

    @Command(name = "exhaust")
    static final class Exhaust implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void outOfMemoryIsOneLineAndExitTwo() {
        CommandLine cl = CryomineCommand.newCommandLine();
        cl.addSubcommand("exhaust", new Exhaust());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(CryomineCommand.execute(cl, "exhaust")).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("cryomine: error: out of memory (Java heap space)")
                .contains("CRYOMINE_JAVA_OPTS=-Xmx").doesNotContain("\n").doesNotContain("at org.");
    }
}
