package dev.ddbbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.testing.BackupFixture;
import dev.ddbbackup.testing.Cli;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.WithLocalServers;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to every command: each failure is one line on stderr naming the resource (or the
 * option) and the AWS error code or what to do, exit 2 for usage and configuration, and nothing
 * written (no object added to the bucket, no item to the target table). Option values are checked
 * before any request: those cases run against a closed port, so a request would show as a refused
 * connection instead of the option's message.
 */
class BadInputTest extends WithLocalServers {

    static final String BUCKET = "bad-input";
    static final String PLAIN = "bad-input-unversioned";
    static final String TABLE = "BadInput";
    static final String TARGET = "BadInputTarget";
    static final String KEY = NoBackupRefusalTest.KEY;
    static final String ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:fanout";
    static int closedPort;

    @BeforeAll
    static void backup() throws Exception {
        // Credentials for the runs without Cli.local (which sets these): the servers accept any key.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        BackupFixture.create(dynamoDb, s3, TABLE, BUCKET, 4);
        s3.createBucket(b -> b.bucket(PLAIN));
        // Something where a backup of TABLE would be, written without versioning.
        s3.putObject(b -> b.bucket(PLAIN).key(BackupFixture.PREFIX + "/" + TABLE + "/item"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("{}"));
        LocalDynamo.createTable(dynamoDb, TARGET);
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
    }

    static final String[] LOCATION = {"--bucket", BUCKET, "--prefix", BackupFixture.PREFIX, "--table", TABLE};
    static final String FROM = BackupFixture.T0.toString();

    /** Every command's ordinary arguments (writing into TARGET or under the bucket's snap/), before the bad one. */
    static List<String> command(String name) {
        List<String> args = new ArrayList<>(List.of(name));
        args.addAll(List.of(LOCATION));
        args.addAll(switch (name) {
            case "restore" -> List.of("--to", "now", "--target-table", TARGET, "--no-progress");
            case "snapshot" -> List.of("--out", "s3://" + BUCKET + "/snap/", "--no-progress");
            case "verify", "backfill", "checkpoint" -> List.of("--no-progress");
            case "history" -> List.of("--key", KEY, "--no-progress");
            case "changes" -> List.of("--from", FROM, "--to", "now", "--no-progress");
            case "revert" -> List.of("--from", FROM, "--to", "now", "--target-table", TARGET, "--no-progress");
            default -> throw new IllegalArgumentException(name);
        });
        return args;
    }

    /** Values that must be refused before any request: command, bad arguments, what the message names. */
    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("restore", new String[] {"--to", "yesterday"}, "option '--to': 'yesterday' must be ISO-8601"),
                Arguments.of("changes", new String[] {"--from", "2026-13-01"}, "option '--from': '2026-13-01' must be ISO-8601"),
                Arguments.of("revert", new String[] {"--to", "10:15"}, "option '--to': '10:15' must be ISO-8601"),
                Arguments.of("checkpoint", new String[] {"--at", "soon"}, "'soon' must be ISO-8601"),
                Arguments.of("history", new String[] {"--from", "x"}, "option '--from': 'x' must be ISO-8601"),
                Arguments.of("restore", new String[] {"--max-wcu", "-1"}, "--max-wcu must be 0 (no cap) or more"),
                Arguments.of("revert", new String[] {"--max-wcu", "-5"}, "--max-wcu must be 0 (no cap) or more"),
                Arguments.of("restore", new String[] {"--partitions", "17"}, "--partitions must be 16, 256 or 4096"),
                Arguments.of("restore", new String[] {"--concurrency", "0"}, "--concurrency must be at least 1"),
                Arguments.of("verify", new String[] {"--segments", "0"}, "--segments must be from 1 to 1000000"),
                Arguments.of("backfill", new String[] {"--segments", "-3"}, "--segments must be from 1 to 1000000"),
                Arguments.of("snapshot", new String[] {"--max-file-mb", "0"}, "--max-file-mb must be positive"),
                Arguments.of("checkpoint", new String[] {"--retention-days", "-1"}, "--retention-days must be 0"),
                Arguments.of("verify", new String[] {"--max-rcu", "0"}, "--max-rcu must be positive"),
                Arguments.of("restore", new String[] {"--on-step-functions", "not-an-arn"},
                        "--on-step-functions must be a state machine ARN"),
                Arguments.of("snapshot", new String[] {"--on-step-functions", "arn:aws:states:us-east-1:1:stateMachine:x"},
                        "--on-step-functions must be a state machine ARN"),
                Arguments.of("verify", new String[] {"--on-step-functions", ARN, "--segments", "5000"},
                        "--segments with --on-step-functions: segments must be 1..1000"),
                Arguments.of("restore", new String[] {"--on-step-functions", ARN, "--segments", "300", "--partitions", "256"},
                        "segments must be 1..256"),
                // revert and changes fan out over 256 partitions unless told otherwise: checked against that.
                Arguments.of("revert", new String[] {"--on-step-functions", ARN, "--segments", "300"},
                        "segments must be 1..256"),
                Arguments.of("changes", new String[] {"--on-step-functions", ARN, "--segments", "257"},
                        "segments must be 1..256"),
                Arguments.of("restore", new String[] {"--on-step-functions", ARN, "--poll-seconds", "0"},
                        "--poll-seconds must be at least 1"),
                Arguments.of("history", new String[] {"--s3-endpoint", "localhost:4566"}, "--s3-endpoint must be a URL"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badValues")
    void badValuesAreRefusedBeforeAnyRequest(String name, String[] bad, String message) {
        List<String> args = command(name);
        for (int i = 0; i < bad.length; i += 2) {
            int given = args.indexOf(bad[i]);
            if (given >= 0) {
                args.set(given + 1, bad[i + 1]); // the command's own value of this option, made bad
            } else {
                args.addAll(List.of(bad[i], bad[i + 1]));
            }
        }
        args.addAll(List.of("--endpoint", "http://127.0.0.1:" + closedPort, "--region", "us-east-1"));
        assertOneLine(written(() -> Cli.run(args.toArray(new String[0]))), Main.EXIT_USAGE, message);
    }

    static Stream<String> commands() {
        return Stream.of("restore", "snapshot", "verify", "history", "backfill", "checkpoint", "changes", "revert");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void aRefusedEndpointIsNamedWithWhereItIsSet(String name) {
        List<String> args = command(name);
        String endpoint = "http://127.0.0.1:" + closedPort;
        args.addAll(List.of("--endpoint", endpoint, "--region", "us-east-1"));
        Cli.Run r = Cli.run(args.toArray(new String[0]));
        assertOneLine(r, Main.EXIT_USAGE, "failed: connection refused by " + endpoint + ": nothing listens there"
                + "; check --endpoint/--");
        assertThat(r.err).containsPattern("(S3 [A-Za-z0-9]+ s3://" + BUCKET + "/|DynamoDb [A-Za-z]+ table )");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void missingCredentialsAreOneLineSayingHowToSetThem(String name) {
        List<String> args = command(name);
        args.addAll(List.of("--profile", "ddb-backup-test-no-such-profile"));
        Cli.Run r = written(() -> Cli.local(args.toArray(new String[0])));
        assertOneLine(r, Main.EXIT_USAGE, "failed: no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        assertThat(r.err).doesNotContain("ProviderChain", "Provider(");
    }

    @Test
    void aMissingBucketIsNamedWithItsErrorCode() {
        Cli.Run r = written(() -> Cli.local("backfill", "--bucket", "bad-input-no-such-bucket", "--table", TABLE,
                "--no-progress"));
        assertOneLine(r, Main.EXIT_USAGE, "S3 GetBucketVersioning s3://bad-input-no-such-bucket/ failed: NoSuchBucket (404):"
                + " the bucket does not exist at ");
        Cli.Run snapshot = written(() -> Cli.local("snapshot", "--bucket", BUCKET, "--prefix", BackupFixture.PREFIX,
                "--table", TABLE, "--out", "s3://bad-input-no-such-out/snap/", "--no-progress"));
        assertOneLine(snapshot, Main.EXIT_USAGE, "s3://bad-input-no-such-out/snap/");
        assertThat(snapshot.err).contains("NoSuchBucket (404): the bucket does not exist at ", "check --bucket (or --out)");
    }

    @Test
    void aMissingTableIsNamedWithItsErrorCodeAndRegion() {
        Cli.Run r = written(() -> Cli.local("backfill", "--bucket", BUCKET, "--prefix", BackupFixture.PREFIX, "--table",
                "BadInputNoSuchTable", "--no-progress"));
        assertOneLine(r, Main.EXIT_USAGE, "DynamoDb DescribeTable table BadInputNoSuchTable failed: ResourceNotFoundException"
                + " (400): the table does not exist at ");
        assertThat(r.err).contains("(region us-east-1)", "check the table name");
    }

    @Test
    void backfillRefusesABucketWithoutVersioningAndWritesNothing() {
        Cli.Run r = Cli.local("backfill", "--bucket", PLAIN, "--prefix", BackupFixture.PREFIX, "--table", TABLE,
                "--no-progress");
        assertOneLine(r, Main.EXIT_USAGE, "the bucket " + PLAIN + " has versioning never enabled");
        assertThat(r.err).contains("put-bucket-versioning --bucket " + PLAIN);
        assertThat(s3.listObjectsV2(b -> b.bucket(PLAIN)).contents()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void readersRefuseABucketThatNeverHadVersioning(String name) {
        if (name.equals("backfill")) {
            return; // above: it needs versioning enabled, and says so
        }
        List<String> args = command(name);
        args.set(args.indexOf(BUCKET), PLAIN);
        assertOneLine(written(() -> Cli.local(args.toArray(new String[0]))), Main.EXIT_USAGE,
                "the bucket " + PLAIN + " has versioning never enabled: a backup keeps each change as a version, so it"
                        + " holds no history to read; enable it");
    }

    @Test
    void noRegionIsOneLineSayingWhereToSetIt() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("AWS_REGION") == null
                && System.getenv("AWS_DEFAULT_REGION") == null && System.getProperty("aws.region") == null,
                "a region is configured in this environment");
        String imds = System.setProperty("aws.disableEc2Metadata", "true"); // not on EC2: no metadata lookup
        try {
            Cli.Run r = written(() -> Cli.run("verify", "--bucket", BUCKET, "--table", TABLE, "--no-progress"));
            assertOneLine(r, Main.EXIT_USAGE, "no AWS region: give --region, or set AWS_REGION or AWS_DEFAULT_REGION");
        } finally {
            if (imds == null) {
                System.clearProperty("aws.disableEc2Metadata");
            } else {
                System.setProperty("aws.disableEc2Metadata", imds);
            }
        }
    }

    @Test
    void checkpointRefusesAFutureTimeAndWritesNothing() {
        assertThat(written(() -> Cli.local("checkpoint", "--bucket", BUCKET, "--prefix", BackupFixture.PREFIX, "--table",
                TABLE, "--at", "2099-01-01T00:00:00Z", "--no-progress")).exit).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void debugAddsTheCauseAfterTheLine() {
        String endpoint = "http://127.0.0.1:" + closedPort;
        Cli.Run r = Cli.run("--debug", "history", "--bucket", BUCKET, "--table", TABLE, "--key", KEY, "--endpoint", endpoint,
                "--region", "us-east-1");
        assertThat(r.exit).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err.lines().findFirst().orElseThrow()).startsWith("Error: S3 ");
        assertThat(r.err).contains("SdkClientException", "\tat ");
        Cli.Run inherited = Cli.run("history", "--debug", "--bucket", BUCKET, "--table", TABLE, "--key", KEY, "--endpoint",
                endpoint, "--region", "us-east-1");
        assertThat(inherited.err).contains("SdkClientException", "\tat ");
    }

    /** Runs {@code run} and checks that the bucket holds no new object version and TARGET no new item. */
    static Cli.Run written(java.util.function.Supplier<Cli.Run> run) {
        int versions = s3.listObjectVersionsPaginator(b -> b.bucket(BUCKET)).versions().stream().toList().size();
        int items = LocalDynamo.scanAll(dynamoDb, TARGET).size();
        Cli.Run r = run.get();
        assertThat(s3.listObjectVersionsPaginator(b -> b.bucket(BUCKET)).versions().stream().toList())
                .as("nothing written to the bucket: " + r).hasSize(versions);
        assertThat(LocalDynamo.scanAll(dynamoDb, TARGET)).as("nothing written to the target: " + r).hasSize(items);
        return r;
    }

    /** Exit {@code exit}, and one "Error:" line (DynamoDB Local in this JVM logs lines of its own) holding {@code message}. */
    static void assertOneLine(Cli.Run r, int exit, String message) {
        assertThat(r.exit).as(r.toString()).isEqualTo(exit);
        List<String> errors = r.err.lines().filter(l -> l.startsWith("Error:")).toList();
        assertThat(errors).as(r.toString()).hasSize(1);
        assertThat(errors.get(0)).as(r.toString()).contains(message);
        assertThat(r.err.lines().filter(l -> l.startsWith("\tat dev.ddbbackup") || l.contains("SLF4J")))
                .as(r.toString()).isEmpty();
    }
}
