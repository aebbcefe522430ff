package org.cryomine.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The top-level {@code cryomine} command. Subcommands are registered in {@link #SUBCOMMANDS}; each is a
 * small class of its own. Errors end as one clear line on stderr and a non-zero exit code, with the
 * stack trace only under {@code --debug}.
 */
@Command(name = "cryomine", mixinStandardHelpOptions = true, versionProvider = CryomineCommand.Version.class,
        description = "Mining features in cellular cryo-electron tomograms without annotation, "
                + "and weakly supervised segmentation (Zeng et al., J. Struct. Biol. 2018).",
        subcommands = {CommandLine.HelpCommand.class})
public final class CryomineCommand implements Runnable {

    /** Every subcommand class; add new commands here. */
    static final Class<?>[] SUBCOMMANDS = {
        InfoCommand.class,
        ValidateCommand.class,
        ConvertCommand.class,
        ClusterCommand.class,
        ChooseKCommand.class,
        SimulateCommand.class,
        PickCommand.class,
        MineCommand.class,
        SelectCommand.class,
        EmbedCommand.class,
        ExportCopickCommand.class,
        ExportImodCommand.class,
        TrainSegCommand.class,
        SegmentCommand.class,
        DemoCommand.class,
        QualityCommand.class,
    };

    /** Exit code for bad input or a failed operation. */
    public static final int EXIT_ERROR = 2;

    /** Exit status when outputs were written but a selected group got no voxel (unless --allow-empty). */
    public static final int EXIT_EMPTY_GROUP = 3;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces and debug logging.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line with every subcommand and cryomine's error handling. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new CryomineCommand());
        for (Class<?> c : SUBCOMMANDS) {
            cl.addSubcommand(c);
        }
        cl.setExecutionExceptionHandler(CryomineCommand::handleError);
        return cl;
    }

    /**
     * The command line {@code main} runs {@code args} with: when the first argument names a subcommand, only that one
     * is registered (picocli builds every registered command's model up front, about 0.3 s of each run for all of
     * them); otherwise (help, a top-level option first, an unknown name) every one, as {@link #newCommandLine()}.
     */
    static CommandLine forArguments(String... args) {
        if (args.length > 0) {
            for (Class<?> c : SUBCOMMANDS) {
                Command command = c.getAnnotation(Command.class);
                if (command != null && command.name().equals(args[0])) {
                    CommandLine cl = new CommandLine(new CryomineCommand());
                    cl.addSubcommand(c);
                    cl.setExecutionExceptionHandler(CryomineCommand::handleError);
                    return cl;
                }
            }
        }
        return newCommandLine();
    }

    /**
     * Runs {@code cl} on {@code args} as {@code main} does: errors end in one line and exit status
     * {@value #EXIT_ERROR}, and so does running out of memory, with the heap size and what to change, never a
     * stack trace.
     */
    public static int execute(CommandLine cl, String... args) {
        return execute(cl, System.nanoTime(), args);
    }

    /** {@link #execute(CommandLine, String...)} of a command line whose making began at {@code startNanos} ({@link System#nanoTime}). */
    static int execute(CommandLine cl, long startNanos, String... args) {
        StageTimings.commandStarted(startNanos);
        if (java.util.Arrays.asList(args).contains("--debug")) {
            // TensorFlow's native log lines are quiet unless asked for; read at TensorFlow's first use
            System.setProperty(org.cryomine.nn.TensorFlowLogging.PROPERTY, "true");
        }
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            PrintWriter err = cl.getErr();
            err.println(outOfMemoryMessage(e, Runtime.getRuntime().maxMemory()));
            err.flush();
            return EXIT_ERROR;
        }
    }

    /** The one line printed when the Java heap runs out. */
    static String outOfMemoryMessage(OutOfMemoryError e, long maxHeap) {
        return String.format(java.util.Locale.ROOT, "cryomine: error: out of memory (%s) with a Java heap of %.1f GB; "
                + "raise it with CRYOMINE_JAVA_OPTS=-Xmx<size> (e.g. -Xmx%dg), or read the tomogram by region "
                + "(--read region, a smaller --region-memory)", e.getMessage() == null ? "no detail" : e.getMessage(),
                maxHeap / 1e9, Math.max(2, 2 * (long) Math.ceil(maxHeap / 1e9)));
    }

    private static int handleError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean debug = parsed.hasMatchedOption("--debug")
                || (parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--debug"));
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        err.println("cryomine: error: " + message);
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return EXIT_ERROR;
    }

    /** Reads the version from the jar's manifest, or says it is a development build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CryomineCommand.class.getPackage().getImplementationVersion();
            return new String[] {"cryomine " + (v == null ? "(development build)" : v)};
        }
    }
}
