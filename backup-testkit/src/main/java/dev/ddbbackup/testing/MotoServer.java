package dev.ddbbackup.testing;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * moto's server ({@code moto_server}, a Python implementation of S3 with versioning, DynamoDB and
 * DynamoDB Streams written independently of S3Mock and DynamoDB Local), started as a separate
 * process on a free loopback port: the second implementation every integration suite runs against.
 *
 * <p>One server per test JVM, started on first use and stopped when the JVM exits (it takes a few
 * seconds to start). Tests sharing it use buckets and tables of their own. Its output goes to
 * {@code target/moto-server.log}.
 *
 * <p>Where {@code moto_server} is not installed the tests that need it are skipped with a message
 * saying so ({@link Extension}), unless the system property {@code moto.required} is {@code true}
 * (CI sets it): then they fail, so a CI machine without moto cannot pass by skipping them.
 *
 * @param endpoint one endpoint for S3, DynamoDB and DynamoDB Streams
 * @param log where the server's output goes
 */
public record MotoServer(Process process, URI endpoint, Path log) {

    /** The command; any directory of the PATH. */
    public static final String COMMAND = "moto_server";
    public static final String REQUIRED_PROPERTY = "moto.required";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static MotoServer shared;

    /** Whether {@code moto_server} is on the PATH. */
    public static boolean installed() {
        return executable() != null;
    }

    private static Path executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, COMMAND);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static boolean required() {
        return Boolean.getBoolean(REQUIRED_PROPERTY);
    }

    /** The server for this JVM, started on first use. */
    public static synchronized MotoServer shared() {
        if (shared == null) {
            shared = start(Path.of("target", "moto-server.log"));
            MotoServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "moto-server-stop"));
        }
        return shared;
    }

    /** Starts a server of its own on a free loopback port; {@link #stop} ends it. */
    public static MotoServer start(Path log) {
        Path command = executable();
        if (command == null) {
            throw new IllegalStateException(COMMAND + " is not on the PATH (pip install 'moto[server]==5.2.1')");
        }
        int port = freePort();
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(COMMAND + " did not start", e);
        }
    }

    /** Waits until the server answers HTTP; a process that exits first fails with its log. */
    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(COMMAND + " exited with " + process.exitValue() + ": " + logTail());
            }
            if (answers()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("Interrupted while waiting for " + COMMAND, e);
            }
        }
        stop();
        throw new IllegalStateException(COMMAND + " did not answer within " + START_TIMEOUT + ": " + logTail());
    }

    private boolean answers() {
        try {
            // S3's ListBuckets: moto answers it (unsigned) as soon as the server is up.
            HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            int status = c.getResponseCode();
            c.disconnect();
            return status == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Ends the server process. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Client settings for S3 and DynamoDB on this server (any credentials work). */
    public ClientSettings settings(ExecutionInterceptor... interceptors) {
        return LocalServers.clientSettings(b -> b.endpoint(endpoint), interceptors);
    }

    public S3Client s3(ExecutionInterceptor... interceptors) {
        return AwsClients.s3(settings(interceptors));
    }

    public DynamoDbClient dynamoDb(ExecutionInterceptor... interceptors) {
        return AwsClients.dynamoDb(settings(interceptors));
    }

    /** A loopback port no server listens on now (a server of the kit's started next takes it). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * For test classes that run against moto: skips them where {@code moto_server} is not
     * installed (saying so), fails them there when {@code -Dmoto.required=true}, and starts the
     * shared server before the class's own {@code @BeforeAll} methods run.
     */
    public static class Extension implements ExecutionCondition, BeforeAllCallback {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (installed() || required()) {
                return ConditionEvaluationResult.enabled(COMMAND + " is installed (or required)");
            }
            return ConditionEvaluationResult.disabled(COMMAND + " is not on the PATH, so the tests against moto are"
                    + " skipped; install it with: pip install 'moto[server]==5.2.1'");
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            MotoServer server = shared();
            context.publishReportEntry(COMMAND, server.endpoint().toString());
        }
    }
}
