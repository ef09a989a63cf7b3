package dev.ddbbackup.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.cli.Main;
import dev.ddbbackup.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cpu section's options refuse a bad value before anything starts: exit 2 and the option named;
 * the report names the command as it was typed.
 */
class BenchCommandTest {

    @TempDir
    Path out;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--cpu-transports | FTP   | --cpu-transports: FTP is neither HTTP nor HTTPS",
            "--cpu-baseline-jit | C3  | --cpu-baseline-jit: C3 is neither C1 nor TIERED",
            "--cpu-jit | C3           | --cpu-jit: C3 is neither C1 nor TIERED",
            "--probe-java | /no/such/jdk | --probe-java: no bin/java under /no/such/jdk"})
    void aBadCpuOptionIsAUsageErrorNamingTheOption(String option, String value, String message) {
        // The zip of the reactor build (its absence would be reported first).
        Cli.Run run = Cli.run("bench", "--sections", "cpu", option, value, "--out", out.toString(),
                "--function-zip", "../backup-function/target/backup-function-lambda.zip");
        assertThat(run.exit).as(run.toString()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err + run.out).contains(message);
    }

    @Test
    void theReportNamesTheCommandAsTyped() {
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.parseArgs("--quick", "--sections", "cpu,cost", "--probe-jvm-option", "-Xmx1g", "--cost-changes", "10",
                "--probe-jvm-option=-Xss1m", "--cpu-sdk-floor");
        assertThat(((BenchCommand) cl.getCommand()).command()).isEqualTo("java -jar target/ddb-backup-bench.jar bench"
                + " --out docs --quick --sections cpu,cost --probe-jvm-option=-Xmx1g --probe-jvm-option=-Xss1m"
                + " --cost-changes 10 --cpu-sdk-floor");
    }
}
