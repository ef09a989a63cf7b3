package dev.ddbbackup.cli;

import static dev.ddbbackup.testing.LocalDynamo.n;
import static dev.ddbbackup.testing.LocalDynamo.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.LocalServers;
import dev.ddbbackup.testing.WithLocalServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The tool commands end to end through {@link Main}: options, exit codes, {@code --json}. */
class ToolCommandsTest extends WithLocalServers {

    @BeforeAll
    static void aTableAndABucket() throws Exception {
        LocalServers.credentialsForCommandLines();
        LocalS3.createVersionedBucket(s3, "cli");
        LocalDynamo.createTable(dynamoDb, "Cli");
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            items.add(Map.of("id", s("item-" + i), "range", n("1"), "v", n(Integer.toString(i))));
        }
        LocalDynamo.putAll(dynamoDb, "Cli", items);
    }

    /** Runs a command line; returns the exit code and what went to stdout and stderr. */
    static final class Run {
        int exit;
        String out;
        String err;

        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    static Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--s3-endpoint", LocalServers.s3Endpoint().toString(),
                "--dynamodb-endpoint", LocalServers.dynamoDbEndpoint().toString(), "--region", "us-east-1"));
        return runRaw(all.toArray(new String[0]));
    }

    static Run runRaw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = dev.ddbbackup.testing.Cli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        Run r = new Run();
        r.exit = cl.execute(args);
        r.out = out.toString();
        r.err = err.toString();
        return r;
    }

    @Test
    void backfillHelpStatesTheSafeOrder() {
        Run help = runRaw("backfill", "--help");
        assertThat(help.exit).isEqualTo(Main.EXIT_OK);
        assertThat(help.out).contains("FIRST enable the table's stream").contains("--max-rcu").contains("--endpoint");
        assertThat(runRaw("backfill", "--bucket", "b").exit).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void backfillWritesTheTableAndReportsJson() throws Exception {
        Run r = run("backfill", "--table", "Cli", "--bucket", "cli", "--prefix", "p", "--segments", "2", "--max-rcu", "1000",
                "--json");
        assertThat(r.exit).as(r.err).isEqualTo(Main.EXIT_OK);
        JsonNode report = r.json();
        assertThat(report.get("written").asLong()).isEqualTo(30);
        assertThat(report.get("ok").asBoolean()).isTrue();
        assertThat(LocalS3.keysUnder(s3, "cli", "p/Cli/")).hasSizeGreaterThan(30);

        Run again = run("backfill", "--table", "Cli", "--bucket", "cli", "--prefix", "p");
        assertThat(again.exit).isEqualTo(Main.EXIT_OK);
        assertThat(again.out).contains("already in the backup: 30");
    }

    @Test
    void verifyAfterBackfillIsCleanThenReportsADifferenceWithExitCode1() throws Exception {
        assertThat(run("backfill", "--table", "Cli", "--bucket", "cli", "--prefix", "v").exit).isEqualTo(Main.EXIT_OK);
        Run clean = run("verify", "--table", "Cli", "--bucket", "cli", "--prefix", "v", "--json");
        assertThat(clean.exit).as(clean.out + clean.err).isEqualTo(Main.EXIT_OK);
        assertThat(clean.json().get("tableItems").asLong()).isEqualTo(clean.json().get("backupItems").asLong());

        dynamoDb.putItem(b -> b.tableName("Cli").item(Map.of("id", s("unbacked"), "range", n("1"))));
        Run dirty = run("verify", "--table", "Cli", "--bucket", "cli", "--prefix", "v");
        dynamoDb.deleteItem(b -> b.tableName("Cli").key(Map.of("id", s("unbacked"), "range", n("1"))));
        assertThat(dirty.exit).isEqualTo(Main.EXIT_PROBLEM);
        assertThat(dirty.out).contains("DIFFERENCES").contains("missing from the backup (in the table only): 1")
                .contains("{\"id\":{\"S\":\"unbacked\"},\"range\":{\"N\":\"1\"}}");

        Run drill = run("verify", "--table", "Cli", "--bucket", "cli", "--prefix", "v", "--restore-drill",
                "--to", "now", "--scratch-table", "Cli-drill", "--json");
        assertThat(drill.exit).as(drill.out + drill.err).isEqualTo(Main.EXIT_OK);
        assertThat(drill.json().get("scratchDeleted").asBoolean()).isTrue();
        assertThat(dynamoDb.listTables().tableNames()).doesNotContain("Cli-drill");
    }

    @Test
    void verifyAndSnapshotUsage() {
        assertThat(runRaw("verify", "--table", "T", "--bucket", "b", "--restore-drill").exit).isEqualTo(Main.EXIT_USAGE);
        assertThat(runRaw("verify", "--table", "T", "--bucket", "b", "--to", "yesterday").exit).isEqualTo(Main.EXIT_USAGE);
        Run help = runRaw("snapshot", "--help");
        assertThat(help.exit).isEqualTo(Main.EXIT_OK);
        assertThat(help.out).contains("--input-format DYNAMODB_JSON --input-compression-type GZIP").contains("--max-file-mb");
        assertThat(runRaw("verify", "--help").out).contains("--restore-drill").contains("--scratch-table");
    }

    @Test
    void snapshotToADirectoryWithJsonReport(@TempDir Path dir) throws Exception {
        assertThat(run("backfill", "--table", "Cli", "--bucket", "cli", "--prefix", "s").exit).isEqualTo(Main.EXIT_OK);
        Run r = run("snapshot", "--table", "Cli", "--bucket", "cli", "--prefix", "s", "--out", dir.toString(),
                "--max-file-mb", "0.002", "--json");
        assertThat(r.exit).as(r.out + r.err).isEqualTo(Main.EXIT_OK);
        JsonNode report = r.json();
        assertThat(report.get("snapshot").get("itemCount").asLong()).isEqualTo(30);
        assertThat(report.get("snapshot").get("files").size()).isGreaterThan(1);
        assertThat(dir.resolve("manifest.json")).exists();
    }
}
