package dev.ddbbackup.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.local.cli.LocalMain;
import org.junit.jupiter.api.Test;

/** {@code target/ddb-backup-bench.jar}: every command of the local jar, and {@code bench}. */
class BenchJarTest {

    @Test
    void theBenchCommandLineHasEveryLocalCommandAndTheBench() {
        var local = LocalMain.commandLine().getSubcommands().keySet();
        var bench = BenchMain.commandLine().getSubcommands().keySet();
        assertThat(bench).containsAll(local).contains("bench", "local", "stream", "invoke");
    }
}
