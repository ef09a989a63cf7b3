package dev.ddbbackup.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbbackup.cli.Main;
import dev.ddbbackup.job.BackupRead;
import dev.ddbbackup.job.SnapshotJobSpec;
import dev.ddbbackup.layout.BackupLocation;
import dev.ddbbackup.restore.RestoreReport;
import dev.ddbbackup.snapshot.Snapshot;
import dev.ddbbackup.state.Progress;
import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.CredentialProperties;
import dev.ddbbackup.testing.LocalServers;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code restore}, {@code snapshot} and {@code verify --on-step-functions} from the command line
 * to the end: the CLI's Step Functions client talks to a local front of the Step Functions API
 * ({@link LocalStepFunctionsApi}) whose executions run the deployed definition in
 * aws-local-stepfunctions, whose tasks run the jobs' Lambda package under the runtime interface
 * client against S3Mock and DynamoDB Local. The CLI prints the merged report and exits 0; the
 * restored table equals a single-machine restore, the snapshot holds the items a local snapshot
 * holds, and verify reports what the local verify reports and exits as it does (0, then 1 once the
 * table has changes its backup lacks).
 */
class CommandLineOnStepFunctionsTest extends FanOutSuite {

    static final String RESTORE_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:ddb-backup-restore";
    static final String SNAPSHOT_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:ddb-backup-snapshot";
    static final String VERIFY_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:ddb-backup-verify";
    private static CredentialProperties credentials;

    @BeforeAll
    static void setUp() throws Exception {
        onLocalStateMachine(210);
        // The command line takes credentials from the standard chain: the key of the servers' tables.
        credentials = CredentialProperties.set(FanOutFixture.ACCESS_KEY, "test");
    }

    @AfterAll
    static void tearDown() {
        credentials.close();
    }

    /** Runs the command line; its exit code and what it printed on stdout. */
    private static Map.Entry<Integer, String> cli(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.run(args);
            System.out.flush();
            return Map.entry(exit, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
        }
    }

    private String[] common(String command, LocalStepFunctionsApi api, String arn, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--bucket", fixture.backup.bucket, "--prefix",
                BackupFixture.PREFIX, "--table", fixture.backup.table, "--on-step-functions", arn,
                "--stepfunctions-endpoint", api.endpoint().toString(), "--poll-seconds", "1",
                "--s3-endpoint", LocalServers.s3Endpoint().toString(),
                "--dynamodb-endpoint", LocalServers.dynamoDbEndpoint().toString(), "--region", "us-east-1", "--json"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void restoreOnStepFunctionsPrintsTheMergedReportAndEqualsARestoreOnThisMachine() throws Exception {
        String local = "CliLocal" + fixture.id;
        RestoreReport expected = fixture.restoreOnOneMachine(local, BackupFixture.T1);
        String target = fixture.backup.table + "-restore-cli";
        try (FanOutMachineOnThisHost stack = new FanOutMachineOnThisHost(work, fixture.workBucket, "restore")) {
            Map.Entry<Integer, String> run = cli(common("restore", stack.api, RESTORE_ARN, "--to",
                    BackupFixture.T1.toString(), "--target-table", target, "--create-table", "--segments", "4",
                    "--partitions", "256"));
            assertThat(run.getKey()).as("exit code; stdout:\n%s\nworker:\n%s", run.getValue(), stack.worker.output())
                    .isZero();
            JsonNode report = FanOutFixture.MAPPER.readTree(run.getValue());
            assertThat(report.path("ok").asBoolean()).isTrue();
            assertThat(report.path("segments").asInt()).isEqualTo(4);
            assertThat(report.path("partitionsDone").asInt()).isEqualTo(256);
            assertThat(report.path("counts").path("puts").asLong()).isEqualTo(expected.counts().total().puts());

            // A state machine that is not there is a usage error (exit 2), before anything starts.
            Map.Entry<Integer, String> wrong = cli(common("restore", stack.api, RESTORE_ARN + "-missing", "--to",
                    BackupFixture.T1.toString(), "--target-table", target, "--segments", "2"));
            assertThat(wrong.getKey()).isEqualTo(Main.EXIT_USAGE);
        }
        assertThat(fixture.items(target)).isEqualTo(fixture.items(local));
    }

    @Test
    void snapshotOnStepFunctionsWritesTheItemsALocalSnapshotWrites() throws Exception {
        Path localDir = work.resolve("local-snapshot");
        BackupRead source = BackupRead.of(new BackupLocation(fixture.backup.bucket, BackupFixture.PREFIX,
                fixture.backup.table)).withConcurrency(16);
        new Snapshot(fixture.s3, Clock.systemUTC(), 4).run(new SnapshotJobSpec(source, BackupFixture.T2, null,
                localDir.toString(), 1024 * 1024, false, false), Progress.none());
        List<String> expected = new ArrayList<>();
        try (Stream<Path> files = Files.list(localDir.resolve("data"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                expected.addAll(lines(Files.newInputStream(f)));
            }
        }
        String out = "s3://" + fixture.workBucket + "/snapshots/cli-" + fixture.id + "/";
        try (FanOutMachineOnThisHost stack = new FanOutMachineOnThisHost(work, fixture.workBucket, "snapshot")) {
            Map.Entry<Integer, String> run = cli(common("snapshot", stack.api, SNAPSHOT_ARN, "--to",
                    BackupFixture.T2.toString(), "--out", out, "--segments", "3", "--partitions", "16", "--max-file-mb",
                    "0.01"));
            assertThat(run.getKey()).as("exit code; stdout:\n%s\nworker:\n%s", run.getValue(), stack.worker.output())
                    .isZero();
            JsonNode report = FanOutFixture.MAPPER.readTree(run.getValue());
            assertThat(report.path("ok").asBoolean()).isTrue();
            assertThat(report.path("manifest").asText()).isEqualTo(out + "manifest.json");
        }
        JsonNode manifest = FanOutFixture.MAPPER.readTree(fixture.s3.getObjectAsBytes(b -> b.bucket(fixture.workBucket)
                .key(out.substring(("s3://" + fixture.workBucket + "/").length()) + "manifest.json")).asByteArray());
        assertThat(manifest.path("itemCount").asLong()).isEqualTo(expected.size());
        assertThat(manifest.path("files").size()).as("files of several partitions and segments").isGreaterThan(3);
        List<String> written = new ArrayList<>();
        for (JsonNode f : manifest.path("files")) {
            String key = f.path("location").asText().substring(("s3://" + fixture.workBucket + "/").length());
            written.addAll(lines(new ByteArrayInputStream(fixture.s3.getObjectAsBytes(b -> b.bucket(fixture.workBucket)
                    .key(key)).asByteArray())));
        }
        assertThat(written).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void verifyOnStepFunctionsReportsWhatTheLocalVerifyReportsAndExitsLikeIt() throws Exception {
        try (JobSandbox worker = JobSandbox.start(work, JobSandbox.WORKER, Map.of("JOB_KIND", "verify"),
                FanOutFixture.ACCESS_KEY, 2);
             JobSandbox merge = JobSandbox.start(work, JobSandbox.MERGE, Map.of(), FanOutFixture.ACCESS_KEY, 1);
             LocalStateMachine machine = LocalStateMachine.forwardingTo(Map.of("ScanSegment", worker,
                     "RunSegment", worker, "Merge", merge));
             LocalStepFunctionsApi api = new LocalStepFunctionsApi(Map.of(
                     VERIFY_ARN, new LocalStepFunctionsApi.Machine(VerifyOnStepFunctionsTest.DEFINITION,
                             LocalStateMachine.substitutions("verify-worker", "merge"),
                             Map.of("ddb-backup:job-bucket", fixture.workBucket, "ddb-backup:job", "verify"), machine),
                     RESTORE_ARN, new LocalStepFunctionsApi.Machine(StateMachineLocalTest.DEFINITION,
                             LocalStateMachine.substitutions("restore-worker", "merge"),
                             Map.of("ddb-backup:job-bucket", fixture.workBucket, "ddb-backup:job", "restore"), machine)))) {
            JsonNode expected = fixture.verifyOnOneMachine();
            Map.Entry<Integer, String> run = cli(common("verify", api, VERIFY_ARN, "--segments", "3", "--partitions", "256"));
            assertThat(run.getKey()).as("exit code; stdout:\n%s\nworker:\n%s", run.getValue(), worker.output()).isZero();
            JsonNode report = FanOutFixture.MAPPER.readTree(run.getValue());
            assertThat(report.path("ok").asBoolean()).isTrue();
            assertThat(report.path("partitionsDone").asInt()).isEqualTo(256);
            for (String field : VerifyOnStepFunctionsTest.COUNTS) {
                assertThat(report.path("counts").path(field).asLong()).as(field).isEqualTo(expected.path(field).asLong());
            }

            // An item changed behind the stream's back: the local verify and the fanned-out one find it, exit 1.
            Map.Entry<String, String> first = fixture.items(fixture.backup.table).entrySet().iterator().next();
            var changed = new java.util.LinkedHashMap<>(dev.ddbbackup.json.DynamoJson.parseSdkItem(first.getValue()));
            changed.put("value", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("by hand"));
            fixture.dynamoDb.putItem(b -> b.tableName(fixture.backup.table).item(changed));
            JsonNode expectedNow = fixture.verifyOnOneMachine();
            assertThat(expectedNow.path("differing").asLong()).isEqualTo(1);
            Map.Entry<Integer, String> differs = cli(common("verify", api, VERIFY_ARN, "--segments", "2",
                    "--partitions", "16"));
            assertThat(differs.getKey()).as("stdout:\n%s", differs.getValue()).isEqualTo(Main.EXIT_PROBLEM);
            JsonNode failed = FanOutFixture.MAPPER.readTree(differs.getValue());
            assertThat(failed.path("error").asText()).isEqualTo("Differences");
            for (String field : VerifyOnStepFunctionsTest.COUNTS) {
                assertThat(failed.path("counts").path(field).asLong()).as(field).isEqualTo(expectedNow.path(field).asLong());
            }
            assertThat(failed.path("counts").path("examples").path("differing").get(0).asText()).isEqualTo(first.getKey());
            fixture.dynamoDb.putItem(b -> b.tableName(fixture.backup.table)
                    .item(dev.ddbbackup.json.DynamoJson.parseSdkItem(first.getValue())));

            // Usage errors (exit 2) before anything starts: a drill, the restore machine, too many segments.
            assertThat(cli(common("verify", api, VERIFY_ARN, "--restore-drill", "--to", "now")).getKey())
                    .isEqualTo(Main.EXIT_USAGE);
            assertThat(cli(common("verify", api, RESTORE_ARN)).getKey()).isEqualTo(Main.EXIT_USAGE);
            assertThat(cli(common("verify", api, VERIFY_ARN, "--segments", "17", "--partitions", "16")).getKey())
                    .isEqualTo(Main.EXIT_USAGE);
        }
    }

    private static List<String> lines(InputStream gzip) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(gzip), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.add(line);
            }
        }
        return out;
    }
}
