package dev.ddbbackup.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.cli.Main;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.LogSegment;
import dev.ddbbackup.local.cli.LocalMain;
import dev.ddbbackup.testing.CredentialProperties;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.LocalServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Lambda package, run the way Lambda runs it: the exact zip {@code sam build} unpacks, started
 * by AWS's own runtime interface client (the managed Java runtime's code, from Maven Central) in a
 * separate JVM with the runtime's flags and environment ({@link LambdaSandbox}), fed by a Runtime
 * API on loopback ({@link RuntimeApiEmulator}), writing to S3Mock and describing its table in
 * DynamoDB Local. This is the test that fails when the package lacks what the runtime needs
 * (joda-time: every invocation would fail with {@code ClassNotFoundException:
 * org.joda.time.DateTime} before the handler runs).
 */
class LambdaRuntimeClientTest {

    /** Built by backup-function's package phase, before this module in the reactor (mvn -am). */
    static final Path ZIP = Path.of("..", "backup-function", "target", "backup-function-lambda.zip");
    /** Copied by this module's generate-resources phase. */
    static final Path RUNTIME_JARS = Path.of("..", "target", "lambda-runtime");
    static final Path TEMPLATE = Path.of("..", "template.yaml");
    static final Path EVENTS = Path.of("..", "events");
    /** Every sample event, each one invocation, in this order. */
    static final List<String> EVENT_FILES = List.of("insert.json", "modify.json", "remove.json", "mixed-batch.json",
            "all-types.json", "ttl-delete.json", "tenant-move.json", "keys-only.json");
    static final String PREFIX = "backups";
    static final String TENANT_COLUMN = "tenant";
    static final Duration FIRST_RESPONSE = Duration.ofMinutes(3);
    static final Duration RESPONSE = Duration.ofMinutes(1);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * DynamoDB Local keeps each access key's tables apart: with a key of its own this class has its
     * own "Orders" table (the sample events' table, whose description goes to _table.json), whatever
     * other test classes of this JVM create under that name (DynamoDB Local accepts letters and digits only).
     */
    static final String ACCESS_KEY = "runtimeClientTest";

    static S3Client s3;
    private static CredentialProperties credentials;

    @TempDir
    Path work;

    @BeforeAll
    static void servers() {
        // `invoke` (run in this JVM for the comparison) takes credentials from the standard chain.
        credentials = CredentialProperties.set(ACCESS_KEY, "test");
        s3 = LocalServers.s3();
        DynamoDbClient dynamoDb = AwsClients.dynamoDb(ClientSettings.builder()
                .dynamoDbEndpoint(LocalServers.dynamoDbEndpoint())
                .region(Region.US_EAST_1)
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, "test")))
                .build());
        try {
            LocalDynamo.createTable(dynamoDb, "Orders");
        } catch (ResourceInUseException e) {
            // Made by an earlier run of this class in this JVM.
        }
    }

    @AfterAll
    static void restoreCredentials() {
        credentials.close();
    }

    /** The function's handler, as the template names it. */
    static String handler() throws IOException {
        Matcher m = Pattern.compile("(?m)^\\s+Handler:\\s*(\\S+)\\s*$").matcher(Files.readString(TEMPLATE));
        assertThat(m.find()).as("Handler in template.yaml").isTrue();
        return m.group(1);
    }

    /** The names of the function's variables in the template (Environment.Variables). */
    static Set<String> templateVariables() throws IOException {
        List<String> lines = Files.readAllLines(TEMPLATE);
        Set<String> names = new LinkedHashSet<>();
        int at = lines.indexOf("        Variables:");
        assertThat(at).as("Environment.Variables of the function").isPositive();
        for (String line : lines.subList(at + 1, lines.size())) {
            if (!line.startsWith("          ")) {
                break;
            }
            Matcher m = Pattern.compile("^ {10}([A-Za-z_][A-Za-z0-9_]*):").matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The function's configuration as the template sets it, for this test's servers and bucket. */
    static Map<String, String> functionVariables(String bucket) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BackupBucket", bucket);
        env.put("BackupPrefix", PREFIX);
        env.put("PlainTextKeyAsFilename", "false");
        env.put("MultiTenancyColumn", TENANT_COLUMN);
        env.put("StorageMode", "objects");
        return env;
    }

    LambdaSandbox.Options sandbox(RuntimeApiEmulator api, Map<String, String> variables) throws IOException {
        LambdaSandbox.Options o = LambdaSandbox.options()
                .functionZip(ZIP)
                .runtimeJars(RUNTIME_JARS)
                .workDir(work.resolve("sandbox-" + UUID.randomUUID()))
                .handler(handler())
                .runtimeApi(api.address())
                .memoryMb(1024)
                // The key this class created its Orders table with (DynamoDB Local keeps tables per key).
                .credentials(ACCESS_KEY, "test", "test-session")
                // Lambda sets no endpoint variables; these point the standard SDK chain at the local servers.
                .env("AWS_ENDPOINT_URL_S3", LocalServers.s3Endpoint().toString())
                .env("AWS_ENDPOINT_URL_DYNAMODB", LocalServers.dynamoDbEndpoint().toString());
        variables.forEach(o::env);
        return o;
    }

    static byte[] event(String file) throws IOException {
        return Files.readAllBytes(EVENTS.resolve(file));
    }

    static String newBucket(String name) {
        String bucket = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        LocalS3.createVersionedBucket(s3, bucket);
        return bucket;
    }

    @Test
    void thePackageRunsUnderTheRuntimeClientAndWritesWhatInvokeWrites() throws Exception {
        assertThat(ZIP).as("the Lambda package (mvn -am builds it before this module)").isRegularFile();
        assertThat(templateVariables()).as("the template's variables, all given")
                .containsExactlyInAnyOrderElementsOf(functionVariables("x").keySet());
        String runtimeBucket = newBucket("runtime");
        String invokeBucket = newBucket("invoke");

        List<RuntimeApiEmulator.Outcome> outcomes = new ArrayList<>();
        List<LambdaSandbox.Line> lines;
        try (RuntimeApiEmulator api = RuntimeApiEmulator.start("arn:aws:lambda:us-east-1:123456789012:function:ddb-backup-function:live")) {
            LambdaSandbox runtime = LambdaSandbox.start(sandbox(api, functionVariables(runtimeBucket)));
            try {
                for (String file : EVENT_FILES) {
                    Duration wait = outcomes.isEmpty() ? FIRST_RESPONSE : RESPONSE;
                    RuntimeApiEmulator.Outcome outcome = await(api.invoke(event(file), Duration.ofMinutes(2)), wait,
                            api, runtime);
                    assertThat(outcome.error())
                            .as("%s answered with an error (%s): %s\nfunction output:\n%s", file, outcome.errorType(),
                                    outcome.bodyText(), text(runtime.lines()))
                            .isFalse();
                    outcomes.add(outcome);
                }
                // The runtime is done with the last invocation (its output written) once it asks for
                // the next one; stopping it before that could cut off its last lines.
                awaitNextRequests(api, EVENT_FILES.size() + 1, RESPONSE);
            } finally {
                runtime.close();
            }
            lines = runtime.lines();
        }

        System.out.println("Function output under the runtime client:\n" + text(lines));

        // Each response is a StreamsEventResponse, read by the runtime's own serialiser, with no failures.
        PojoSerializer<StreamsEventResponse> responses =
                LambdaEventSerializers.serializerFor(StreamsEventResponse.class, getClass().getClassLoader());
        for (RuntimeApiEmulator.Outcome outcome : outcomes) {
            JsonNode json = MAPPER.readTree(outcome.body());
            assertThat(json.has("batchItemFailures")).as(outcome.bodyText()).isTrue();
            StreamsEventResponse response = responses.fromJson(outcome.bodyText());
            assertThat(response.getBatchItemFailures()).as(outcome.bodyText()).isEmpty();
        }

        // The same events through `invoke` (the handler in this JVM) into another bucket.
        for (String file : EVENT_FILES) {
            int exit = LocalMain.run("invoke", "--event", EVENTS.resolve(file).toString(), "--bucket", invokeBucket,
                    "--prefix", PREFIX, "--tenant-column", TENANT_COLUMN, "--plain-text-keys", "false",
                    "--s3-endpoint", LocalServers.s3Endpoint().toString(),
                    "--dynamodb-endpoint", LocalServers.dynamoDbEndpoint().toString(), "--region", "us-east-1");
            assertThat(exit).as("invoke %s", file).isEqualTo(Main.EXIT_OK);
        }
        String underRuntime = BucketSnapshot.of(s3, runtimeBucket, PREFIX + "/");
        String underInvoke = BucketSnapshot.of(s3, invokeBucket, PREFIX + "/");
        assertThat(underRuntime).contains("\"action\" : \"DELETE\"", "\"ttlDelete\" : true", "/_quarantine/",
                "/_table.json", "\"tenant\" : \"globex\"");
        assertThat(underRuntime).isEqualTo(underInvoke);

        // The log: every line of the cold start and the invocations is JSON, and every one carries
        // the request id of the invocation it was written in.
        Set<String> requestIds = new LinkedHashSet<>();
        outcomes.forEach(o -> requestIds.add(o.requestId()));
        assertThat(lines).as("function output").isNotEmpty();
        Map<String, Integer> batchLines = new LinkedHashMap<>();
        for (LambdaSandbox.Line line : lines) {
            JsonNode json = jsonLine(line);
            assertThat(json.path("requestId").asText()).as("request id of %s", line.text()).isIn(requestIds);
            if ("Batch processed".equals(json.path("message").asText())) {
                batchLines.merge(json.path("requestId").asText(), 1, Integer::sum);
            }
        }
        assertThat(batchLines).as("one batch summary per invocation").hasSize(requestIds.size())
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    }

    /**
     * The log storage mode as Lambda runs it: the same events under the runtime client, answered
     * with no failure, stored as segments only (no item object, no change log), every record either
     * in a segment line (a PUT carrying its image) or quarantined.
     */
    @Test
    void theLogModeRunsUnderTheRuntimeClientAndStoresSegmentsOnly() throws Exception {
        String bucket = newBucket("runtime-log");
        Map<String, String> variables = functionVariables(bucket);
        variables.put("StorageMode", "log");
        try (RuntimeApiEmulator api = RuntimeApiEmulator.start("arn:aws:lambda:us-east-1:123456789012:function:ddb-backup-function:live")) {
            LambdaSandbox runtime = LambdaSandbox.start(sandbox(api, variables));
            try {
                boolean first = true;
                for (String file : EVENT_FILES) {
                    RuntimeApiEmulator.Outcome outcome = await(api.invoke(event(file), Duration.ofMinutes(2)),
                            first ? FIRST_RESPONSE : RESPONSE, api, runtime);
                    first = false;
                    assertThat(outcome.error()).as("%s: %s\n%s", file, outcome.bodyText(), text(runtime.lines())).isFalse();
                    assertThat(MAPPER.readTree(outcome.body()).path("batchItemFailures")).as(file).isEmpty();
                }
                awaitNextRequests(api, EVENT_FILES.size() + 1, RESPONSE);
            } finally {
                runtime.close();
            }
        }
        Set<String> logged = new LinkedHashSet<>();
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(PREFIX + "/")).contents().forEach(o -> keys.add(o.key()));
        for (String key : keys) {
            assertThat(key).as("only layout files in log mode").contains("/_").doesNotContain("/_changes/");
            if (key.contains("/_log/")) {
                for (ChangeLogEntry e : LogSegment.decode(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray())) {
                    logged.add(e.eventId());
                    assertThat(e.imageJson() != null).as("%s of %s carries its image", e.action(), e.eventId())
                            .isEqualTo(e.action() == ChangeLogEntry.Action.PUT);
                }
            }
        }
        assertThat(keys).anyMatch(k -> k.contains("/_log/") && k.endsWith(".jsonl.gz"));
        for (String file : EVENT_FILES) {
            for (JsonNode record : MAPPER.readTree(event(file)).path("Records")) {
                String id = record.path("eventID").asText();
                assertThat(logged.contains(id) || keys.stream().anyMatch(k -> k.contains("/_quarantine/") && k.contains(id)))
                        .as("record %s of %s is in a segment or quarantined", id, file).isTrue();
            }
        }
    }

    @Test
    void withoutBackupBucketTheInitFailsAndTheErrorNamesTheVariable() throws Exception {
        Map<String, String> variables = functionVariables("unused");
        variables.remove("BackupBucket");
        try (RuntimeApiEmulator api = RuntimeApiEmulator.start("arn:aws:lambda:us-east-1:123456789012:function:f")) {
            LambdaSandbox runtime = LambdaSandbox.start(sandbox(api, variables));
            try {
                RuntimeApiEmulator.Failure failure = await(api.initError(), FIRST_RESPONSE, api, runtime);
                assertThat(failure.path()).isEqualTo("init/error");
                assertThat(failure.errorType()).startsWith("Runtime.");
                JsonNode error = MAPPER.readTree(failure.body());
                assertThat(error.path("errorMessage").asText()).contains("BackupBucket");
                assertThat(runtime.waitFor(Duration.ofMinutes(1))).as("the runtime exits after an init error").isNotNull().isNotZero();
                assertThat(api.calls()).noneMatch(c -> c.path().endsWith("/invocation/next"));
            } finally {
                runtime.close();
            }
        }
    }

    @Test
    void theSnapStartRestorePathIsServedAndCredentialsAreFetchedOnlyAfterTheRestore() throws Exception {
        String bucket = newBucket("snapstart");
        try (RuntimeApiEmulator api = RuntimeApiEmulator.start("arn:aws:lambda:us-east-1:123456789012:function:f:live",
                ACCESS_KEY, "test")) {
            LambdaSandbox runtime = LambdaSandbox.start(sandbox(api, functionVariables(bucket))
                    .snapStart(api.credentialsUri(), api.credentialsToken()));
            List<LambdaSandbox.Line> lines;
            RuntimeApiEmulator.Outcome outcome;
            try {
                outcome = await(api.invoke(event("mixed-batch.json"), Duration.ofMinutes(2)), FIRST_RESPONSE, api, runtime);
                assertThat(outcome.error()).as("%s\n%s", outcome.bodyText(), text(runtime.lines())).isFalse();
            } finally {
                runtime.close();
                lines = runtime.lines();
            }
            List<String> order = api.calls().stream().map(c -> c.method() + " " + c.path()).toList();
            int restore = order.indexOf("GET /2018-06-01/runtime/restore/next");
            int next = order.indexOf("GET /2018-06-01/runtime/invocation/next");
            int credentials = order.indexOf("GET " + RuntimeApiEmulator.CREDENTIALS_PATH);
            assertThat(restore).as("restore/next called: %s", order).isNotNegative();
            assertThat(next).as("invocations only after the restore: %s", order).isGreaterThan(restore);
            // No credentials (so no signed request) before the snapshot would have been taken.
            assertThat(credentials).as("container credentials fetched after the restore: %s", order).isGreaterThan(restore);
            assertThat(order).doesNotContain("POST /2018-06-01/runtime/init/error", "POST /2018-06-01/runtime/restore/error");
            assertThat(LocalS3.keysUnder(s3, bucket, PREFIX + "/Orders/_changes/")).hasSize(1);
            // Credentials from the container endpoint worked for DynamoDB too (DescribeTable).
            assertThat(LocalS3.keysUnder(s3, bucket, PREFIX + "/Orders/")).contains(PREFIX + "/Orders/_table.json");
            lines.forEach(LambdaRuntimeClientTest::jsonLine);
        }
    }

    /** The sample events have the shape Lambda gives them (what `sam local invoke` and the tests feed). */
    @Test
    void sampleEventsAreShapedAsLambdaSendsThem() throws IOException {
        try (var files = Files.list(EVENTS)) {
            assertThat(files.filter(f -> f.toString().endsWith(".json")).map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(EVENT_FILES);
        }
        for (String file : EVENT_FILES) {
            JsonNode records = MAPPER.readTree(event(file)).path("Records");
            assertThat(records.isArray() && records.size() > 0).as(file).isTrue();
            for (JsonNode r : records) {
                assertThat(r.path("eventID").asText()).as(file).matches("[0-9a-f]{32}");
                assertThat(r.path("eventName").asText()).as(file).isIn("INSERT", "MODIFY", "REMOVE");
                assertThat(r.path("eventVersion").asText()).as(file).isEqualTo("1.1");
                assertThat(r.path("eventSource").asText()).as(file).isEqualTo("aws:dynamodb");
                assertThat(r.path("awsRegion").asText()).as(file).isEqualTo("us-east-1");
                assertThat(r.path("eventSourceARN").asText()).as(file)
                        .matches("arn:aws:dynamodb:us-east-1:[0-9]{12}:table/[^/]+/stream/.+");
                JsonNode d = r.path("dynamodb");
                assertThat(d.path("ApproximateCreationDateTime").isIntegralNumber())
                        .as("%s: ApproximateCreationDateTime in epoch seconds", file).isTrue();
                assertThat(d.path("ApproximateCreationDateTime").asLong()).as(file).isBetween(1_500_000_000L, 2_500_000_000L);
                assertThat(d.path("SizeBytes").isIntegralNumber()).as(file).isTrue();
                assertThat(d.path("SequenceNumber").asText()).as(file).matches("[0-9]{21,40}");
                assertThat(d.path("StreamViewType").asText()).as(file).isIn("NEW_AND_OLD_IMAGES", "KEYS_ONLY");
                assertThat(d.path("Keys").isObject()).as(file).isTrue();
                if (r.has("userIdentity")) {
                    // Only TTL deletions carry it, exactly so.
                    assertThat(r.path("eventName").asText()).isEqualTo("REMOVE");
                    assertThat(r.path("userIdentity").path("type").asText()).isEqualTo("Service");
                    assertThat(r.path("userIdentity").path("principalId").asText()).isEqualTo("dynamodb.amazonaws.com");
                }
                binaries(d, file);
            }
        }
    }

    /** B and BS values are base64 text, as Lambda sends binary attributes. */
    private static void binaries(JsonNode node, String file) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("B")) {
                    assertThat(Base64.getDecoder().decode(e.getValue().asText())).as(file).isNotNull();
                } else if (e.getKey().equals("BS")) {
                    e.getValue().forEach(v -> assertThat(Base64.getDecoder().decode(v.asText())).as(file).isNotNull());
                } else {
                    binaries(e.getValue(), file);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> binaries(n, file));
        }
    }

    /** The future's value; on a time-out, an assertion error with what the runtime did and wrote. */
    /** Waits until the runtime has asked for {@code count} invocations (the last request stays open). */
    static void awaitNextRequests(RuntimeApiEmulator api, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (api.calls().stream().filter(c -> c.method().equals("GET") && c.path().endsWith("/invocation/next"))
                .count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The runtime did not ask for invocation " + count + " in " + timeout
                        + "\nRuntime API calls: " + api.calls());
            }
            Thread.sleep(50);
        }
    }

    static <T> T await(java.util.concurrent.CompletableFuture<T> future, Duration timeout, RuntimeApiEmulator api,
            LambdaSandbox runtime) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int deadChecks = 0;
        while (System.nanoTime() < deadline) {
            try {
                return future.get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // A runtime that has exited will not answer: a second's grace for its last request.
                if (!runtime.isAlive() && ++deadChecks > 1) {
                    break;
                }
            }
        }
        throw new AssertionError("No answer from the runtime in " + timeout + " (alive: " + runtime.isAlive()
                + ")\nRuntime API calls: " + api.calls() + "\nfunction output:\n" + text(runtime.lines()));
    }

    private static JsonNode jsonLine(LambdaSandbox.Line line) {
        try {
            JsonNode json = MAPPER.readTree(line.text());
            assertThat(json.isObject()).as("a JSON object on %s: %s", line.stream(), line.text()).isTrue();
            return json;
        } catch (IOException e) {
            throw new AssertionError("not a JSON line on " + line.stream() + ": " + line.text(), e);
        }
    }

    private static String text(List<LambdaSandbox.Line> lines) {
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append(l.stream()).append(": ").append(l.text()).append('\n'));
        return b.toString();
    }
}
