package org.cryomine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code main}'s command line registers only the subcommand it runs (and help), with the same options and usage. */
class CommandStartupTest {

    @Test
    void aNamedSubcommandIsTheOnlyOneRegistered() {
        CommandLine pick = CryomineCommand.forArguments("pick", "tomo.mrc", "--out", "p.star");
        assertThat(pick.getSubcommands().keySet()).containsExactly("help", "pick");
        CommandLine all = CryomineCommand.newCommandLine();
        assertThat(pick.getSubcommands().get("pick").getUsageMessage())
                .isEqualTo(all.getSubcommands().get("pick").getUsageMessage());
        assertThat(pick.getSubcommands().get("pick").getCommandSpec().parent().optionsMap().keySet())
                .isEqualTo(all.getCommandSpec().optionsMap().keySet());
    }

    @Test
    void otherwiseEverySubcommandIsRegistered() {
        int every = CryomineCommand.newCommandLine().getSubcommands().size();
        assertThat(every).isGreaterThan(CryomineCommand.SUBCOMMANDS.length - 1);
        for (String[] args : new String[][] {{}, {"help", "pick"}, {"--help"}, {"--debug", "pick"}, {"pik"}}) {
            assertThat(CryomineCommand.forArguments(args).getSubcommands()).as(String.join(" ", args)).hasSize(every);
        }
        for (Class<?> c : CryomineCommand.SUBCOMMANDS) {
            String name = c.getAnnotation(CommandLine.Command.class).name();
            assertThat(CryomineCommand.forArguments(name).getSubcommands().keySet()).containsExactly("help", name);
        }
    }
}
