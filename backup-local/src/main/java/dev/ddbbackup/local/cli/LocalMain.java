package dev.ddbbackup.local.cli;

import dev.ddbbackup.cli.Main;
import picocli.CommandLine;

/**
 * {@code java -jar target/ddb-backup-local.jar COMMAND}: every command of {@link Main}, plus the
 * ones that run the product on this machine without AWS: {@code local} (the whole pipeline on
 * in-process servers), {@code stream} (the backup function fed from a table's stream),
 * {@code invoke} (the function on an event file). A jar of its own so that the tool users run
 * against production carries no test server (DynamoDB Local, S3Mock with Spring Boot and Jetty); the
 * benchmarks ({@code bench}) are in {@code target/ddb-backup-bench.jar} (module backup-bench).
 */
public final class LocalMain {

    private LocalMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        return Main.commandLine().setCommandName("ddb-backup-local").addSubcommand(new LocalCommand())
                .addSubcommand(new StreamCommand()).addSubcommand(new InvokeCommand());
    }
}
