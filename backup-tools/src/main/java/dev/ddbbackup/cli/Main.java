package dev.ddbbackup.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * {@code java -jar target/ddb-backup.jar COMMAND}: the tools around the backup function. One
 * command, one job. The local pipeline is in {@code target/ddb-backup-local.jar} ({@code LocalMain},
 * module backup-local) and the benchmarks in {@code target/ddb-backup-bench.jar} (module
 * backup-bench), which have these commands too.
 *
 * <p>Exit codes: 0 success; 1 the command ran but found a problem (failed records, differences,
 * problems in the backup's data, a failed restore) or its work failed (throttling, timeouts, server
 * errors); 2 bad usage or configuration (option values, credentials, region, endpoint, permissions,
 * a bucket or table named on the command line that is not there, a bucket without versioning), or
 * a request refused because it would harm its target. Every failure is one line
 * ({@link Failure}); {@code --debug} adds the full cause.
 */
@Command(name = "ddb-backup",
        mixinStandardHelpOptions = true, usageHelpAutoWidth = true, usageHelpWidth = 100,
        versionProvider = VersionProvider.class,
        description = "Incremental, point-in-time backups of DynamoDB tables into versioned S3.",
        subcommands = {
                CommandLine.HelpCommand.class,
                RestoreCommand.class,
                HistoryCommand.class,
                BackfillCommand.class,
                VerifyCommand.class,
                SnapshotCommand.class,
                CheckpointCommand.class,
                ChangesCommand.class,
                RevertCommand.class,
                ResyncCommand.class,
        })
public final class Main implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_PROBLEM = 1;
    public static final int EXIT_USAGE = 2;

    /** The environment variable that turns {@code --debug} on for every run. */
    static final String DEBUG_VARIABLE = "DDB_BACKUP_DEBUG";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On a failure, print the full cause and its stack trace after the one-line error (also: "
                    + DEBUG_VARIABLE + "=1).")
    boolean debug;

    public static void main(String[] args) {
        quietLoggingFacade();
        System.exit(run(args));
    }

    /**
     * The SDK logs through slf4j-api, and this jar ships no SLF4J provider: SLF4J then discards
     * everything (its NOP fallback), but first prints three "No SLF4J providers were found" lines
     * before every command's output. Its own switch silences those lines: the tools report every
     * failure themselves (--debug for the full cause). Not a provider jar on the class path: the
     * module's jar is on the class path of other modules' tests, where S3Mock's Spring Boot needs
     * Logback as the only provider. The local jar has Logback, and this setting changes nothing there.
     */
    private static void quietLoggingFacade() {
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // Option values are checked before the command runs, so before it builds any client.
        cl.setExecutionStrategy(parseResult -> {
            OptionRules.check(last(parseResult).commandSpec().commandLine());
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println(command.getColorScheme().errorText("Error: " + e.getMessage() + " (see '"
                    + command.getCommandSpec().qualifiedName() + " --help')"));
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Failure failure = Failure.of(e);
            commandLine.getErr().println(commandLine.getColorScheme().errorText("Error: " + failure.message()));
            if (debug(parseResult)) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return failure.exitCode();
        });
        return cl;
    }

    /** {@code --debug} given to the command or any of its parents, or {@value #DEBUG_VARIABLE}=1. */
    private static boolean debug(ParseResult parseResult) {
        if ("1".equals(System.getenv(DEBUG_VARIABLE)) || "true".equalsIgnoreCase(System.getenv(DEBUG_VARIABLE))) {
            return true;
        }
        for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    private static ParseResult last(ParseResult parseResult) {
        ParseResult r = parseResult;
        while (r.subcommand() != null) {
            r = r.subcommand();
        }
        return r;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
