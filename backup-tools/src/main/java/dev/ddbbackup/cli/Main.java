package dev.ddbbackup.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar target/ddb-backup.jar COMMAND}: the tools around the backup function. One
 * command, one job. The local pipeline is in {@code target/ddb-backup-local.jar} ({@code LocalMain},
 * module backup-local) and the benchmarks in {@code target/ddb-backup-bench.jar} (module
 * backup-bench), which have these commands too.
 *
 * <p>Exit codes: 0 success; 1 the command ran but found a problem (failed records, differences,
 * problems in the backup's data, a failed restore); 2 bad usage or configuration, or a request
 * refused because it would harm its target.
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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getColorScheme().errorText("Error: " + Messages.of(e)));
            if (e instanceof dev.ddbbackup.backup.BackupDataException) {
                return EXIT_PROBLEM; // the backup's data, named in the message
            }
            return e instanceof IllegalArgumentException || e instanceof dev.ddbbackup.config.ConfigException
                    || e instanceof dev.ddbbackup.backup.NoBackupException // a wrong bucket, prefix or table
                    ? EXIT_USAGE : EXIT_PROBLEM;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
