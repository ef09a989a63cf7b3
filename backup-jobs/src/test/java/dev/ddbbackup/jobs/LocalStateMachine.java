package dev.ddbbackup.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.ddbbackup.runtime.RuntimeApiEmulator;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A state machine definition of this project run on this machine: validated by asl-validator and
 * executed by aws-local-stepfunctions (npm packages, installed with {@code npm ci} from the
 * committed lock file into {@code target/statemachine-local/}), each Task state forwarded over
 * loopback HTTP to a {@link JobSandbox} (the real job function under the Lambda runtime client).
 */
final class LocalStateMachine implements AutoCloseable {

    static final Path SOURCES = Path.of("..", "statemachine", "local");
    static final Path WORK = Path.of("target", "statemachine-local");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One forwarded invocation and how it ended. */
    record Invocation(String state, int segment, int invocation, boolean error, String errorType) {
    }

    private final HttpServer server;
    final List<Invocation> invocations = Collections.synchronizedList(new ArrayList<>());

    private LocalStateMachine(Map<String, JobSandbox> functionsByState) throws IOException {
        server = LoopbackHttp.start("task-forwarder", 64, "/invoke/", exchange -> {
            try (exchange) {
                String state = exchange.getRequestURI().getPath().substring("/invoke/".length());
                JsonNode input = MAPPER.readTree(exchange.getRequestBody());
                JobSandbox function = functionsByState.get(state);
                byte[] answer;
                if (function == null) {
                    answer = ("{\"errorType\":\"States.Runtime\",\"errorMessage\":\"no function for " + state + "\"}")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("X-Function-Error", "Unhandled");
                } else {
                    RuntimeApiEmulator.Outcome outcome = function.invoke(input);
                    JsonNode body = MAPPER.readTree(outcome.body());
                    invocations.add(new Invocation(state, input.path("segment").asInt(-1), input.path("invocation").asInt(-1),
                            outcome.error(), outcome.error() ? body.path("errorType").asText() : null));
                    if (outcome.error()) {
                        // What Lambda's Invoke answers for a function error (X-Amz-Function-Error: Unhandled).
                        exchange.getResponseHeaders().add("X-Function-Error", "Unhandled");
                    }
                    answer = outcome.body();
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            } catch (Exception e) {
                throw new IOException(e);
            }
        });
    }

    /**
     * Skips the calling test class where Node.js and npm are not installed; else installs the
     * runner (see {@link #install()}).
     */
    static void assumeInstalled() throws IOException, InterruptedException {
        Assumptions.assumeTrue(node().isPresent(), "Node.js and npm are not installed: the state machine is not"
                + " executed locally (asl-validator, aws-local-stepfunctions)");
        install();
    }

    /** What a definition's placeholders stand for: the ARNs of the segment worker and of the merge function. */
    static Map<String, String> substitutions(String workerFunction, String mergeFunction) {
        return Map.of("SegmentWorkerArn", "arn:aws:lambda:us-east-1:123456789012:function:" + workerFunction,
                "MergeFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:" + mergeFunction);
    }

    /** The node executable, or empty when Node.js (with npm) is not installed. */
    static Optional<Path> node() {
        Optional<Path> node = onPath("node");
        return node.isPresent() && onPath("npm").isPresent() ? node : Optional.empty();
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Installs the runner's npm packages (exactly the lock file's versions) unless already installed from the same lock. */
    static void install() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        boolean changed = false;
        for (String file : List.of("package.json", "package-lock.json", "run.mjs")) {
            Path source = SOURCES.resolve(file);
            Path target = WORK.resolve(file);
            changed |= !Files.exists(target) || Files.mismatch(source, target) != -1;
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!changed && Files.isDirectory(WORK.resolve("node_modules").resolve("aws-local-stepfunctions"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(WORK.toFile()).redirectErrorStream(true)
                .redirectOutput(WORK.resolve("npm-ci.log").toFile()).start();
        if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new IOException("npm ci failed in " + WORK + ": " + Files.readString(WORK.resolve("npm-ci.log")));
        }
    }

    static LocalStateMachine forwardingTo(Map<String, JobSandbox> functionsByState) throws IOException {
        return new LocalStateMachine(functionsByState);
    }

    /** Validates and runs {@code definition} with {@code input}; the runner's JSON answer. */
    JsonNode run(Path definition, Map<String, String> substitutions, JsonNode input) throws Exception {
        Path subs = Files.createTempFile(WORK.toAbsolutePath(), "substitutions", ".json");
        Path in = Files.createTempFile(WORK.toAbsolutePath(), "input", ".json");
        MAPPER.writeValue(subs.toFile(), substitutions);
        MAPPER.writeValue(in.toFile(), input);
        Path out = Files.createTempFile(WORK.toAbsolutePath(), "result", ".json");
        Path err = Files.createTempFile(WORK.toAbsolutePath(), "stderr", ".log");
        Process node = new ProcessBuilder(node().orElseThrow().toString(), "run.mjs",
                definition.toAbsolutePath().toString(), subs.toString(), in.toString(),
                "http://127.0.0.1:" + server.getAddress().getPort())
                .directory(WORK.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!node.waitFor(10, TimeUnit.MINUTES)) {
            node.destroyForcibly();
            throw new AssertionError("The local execution did not end within 10 minutes");
        }
        String text = Files.readString(out).strip();
        if (node.exitValue() != 0 || text.isEmpty()) {
            throw new AssertionError("node run.mjs exited " + node.exitValue() + ": " + text + "\n" + Files.readString(err));
        }
        return MAPPER.readTree(text.substring(text.lastIndexOf('\n') + 1));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
