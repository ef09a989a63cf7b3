package dev.ddbbackup.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbbackup.runtime.LambdaSandbox;
import dev.ddbbackup.runtime.RuntimeApiEmulator;
import dev.ddbbackup.testing.LocalServers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One job function of the jobs' Lambda package, run the way Lambda runs it: the exact zip, AWS's
 * runtime interface client in a JVM of its own with the java21 runtime's flags and environment
 * ({@link LambdaSandbox}), fed by a Runtime API emulator on loopback, talking to the in-process
 * S3Mock and DynamoDB Local. Several runtimes may serve one emulator, as several execution
 * environments serve one function.
 */
final class JobSandbox implements AutoCloseable {

    /** Built by this module's package phase (the tests run after it, as integration tests). */
    static final Path ZIP = Path.of("target", "backup-jobs-lambda.zip");
    /** Copied by backup-tools' generate-resources phase. */
    static final Path RUNTIME_JARS = Path.of("..", "target", "lambda-runtime");
    static final String WORKER = "dev.ddbbackup.jobs.SegmentHandler::handleRequest";
    static final String MERGE = "dev.ddbbackup.jobs.MergeHandler::handleRequest";
    static final String CHECKPOINT = "dev.ddbbackup.jobs.CheckpointHandler::handleRequest";
    static final Duration ANSWER = Duration.ofMinutes(3);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final RuntimeApiEmulator api;
    private final List<LambdaSandbox> runtimes = new ArrayList<>();

    private JobSandbox(RuntimeApiEmulator api) {
        this.api = api;
    }

    /**
     * Starts {@code environments} runtimes of {@code handler} with the function's variables.
     *
     * @param accessKey the key DynamoDB Local keeps the test's tables under
     */
    static JobSandbox start(Path work, String handler, Map<String, String> variables, String accessKey,
            int environments) throws IOException {
        JobSandbox sandbox = new JobSandbox(RuntimeApiEmulator.start("arn:aws:lambda:us-east-1:123456789012:function:"
                + handler.substring(handler.lastIndexOf('.') + 1, handler.indexOf(':'))));
        for (int i = 0; i < environments; i++) {
            LambdaSandbox.Options o = LambdaSandbox.options()
                    .functionZip(ZIP)
                    .runtimeJars(RUNTIME_JARS)
                    .workDir(work.resolve("sandbox-" + UUID.randomUUID()))
                    .handler(handler)
                    .runtimeApi(sandbox.api.address())
                    .memoryMb(1769)
                    .credentials(accessKey, "test", "test-session")
                    // Lambda sets no endpoint variables; these point the standard SDK chain at the local servers.
                    .env("AWS_ENDPOINT_URL_S3", LocalServers.s3Endpoint().toString())
                    .env("AWS_ENDPOINT_URL_DYNAMODB", LocalServers.dynamoDbEndpoint().toString());
            variables.forEach(o::env);
            sandbox.runtimes.add(LambdaSandbox.start(o));
        }
        return sandbox;
    }

    /** Invokes with {@code event} and waits for the answer (an error answer too). */
    RuntimeApiEmulator.Outcome invoke(JsonNode event) throws Exception {
        try {
            return api.invoke(MAPPER.writeValueAsBytes(event), Duration.ofMinutes(15)).get(ANSWER.toSeconds(),
                    TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("No answer within " + ANSWER + "; runtime output:\n" + output(), e);
        }
    }

    /** Everything the runtimes wrote so far. */
    String output() {
        StringBuilder b = new StringBuilder();
        for (LambdaSandbox r : runtimes) {
            r.lines().forEach(l -> b.append(l.stream()).append(": ").append(l.text()).append('\n'));
        }
        return b.toString();
    }

    List<LambdaSandbox.Line> lines() {
        List<LambdaSandbox.Line> all = new ArrayList<>();
        runtimes.forEach(r -> all.addAll(r.lines()));
        return all;
    }

    @Override
    public void close() throws InterruptedException {
        for (LambdaSandbox r : runtimes) {
            r.close();
        }
        api.close();
    }
}
