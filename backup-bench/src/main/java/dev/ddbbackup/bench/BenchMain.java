package dev.ddbbackup.bench;

import dev.ddbbackup.local.cli.LocalMain;
import picocli.CommandLine;

/**
 * {@code java -jar target/ddb-backup-bench.jar bench ...}: the benchmarks of docs/BENCHMARKS.md, with
 * every command of {@link LocalMain} beside them. A jar of its own so that the local product carries no
 * benchmark, no chart library and no Lambda runtime sandbox.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return LocalMain.commandLine().setCommandName("ddb-backup-bench").addSubcommand(new BenchCommand());
    }
}
