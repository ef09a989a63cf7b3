package dev.ddbbackup.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ddbbackup.dispatch.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The Lambda Runtime API on loopback, as the Lambda service serves it to a function's runtime
 * (AWS Lambda developer guide, "Using the Lambda runtime API for custom runtimes"), so AWS's own
 * runtime interface client can run a deployment package on this machine:
 *
 * <ul>
 *   <li>{@code GET /2018-06-01/runtime/invocation/next} waits for the next {@link #invoke queued
 *       event} and returns it with the headers {@code Lambda-Runtime-Aws-Request-Id},
 *       {@code -Deadline-Ms}, {@code -Invoked-Function-Arn} and {@code -Trace-Id};</li>
 *   <li>{@code POST .../invocation/{id}/response} and {@code .../invocation/{id}/error} (with
 *       {@code Lambda-Runtime-Function-Error-Type}) complete that invocation (202);</li>
 *   <li>{@code POST /2018-06-01/runtime/init/error} records an init failure (202);</li>
 *   <li>{@code GET /2018-06-01/runtime/restore/next} (200) and {@code POST .../restore/error}: the
 *       SnapStart path, which the client takes with {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}
 *       once init is done (after its beforeCheckpoint hooks; afterRestore follows the 200);</li>
 *   <li>{@code GET /2021-04-23/credentials}: the container credentials endpoint Lambda gives a
 *       SnapStart function instead of credential variables
 *       ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}).</li>
 * </ul>
 *
 * Every call is recorded with its time, so a test can check what happened in which order and a
 * benchmark can time it. A benchmark and test tool: never part of the Lambda package.
 */
public final class RuntimeApiEmulator implements AutoCloseable {

    static final String PREFIX = "/2018-06-01/runtime/";
    static final String CREDENTIALS_PATH = "/2021-04-23/credentials";

    /** One call the runtime made, with {@link System#nanoTime()} at its arrival. */
    public record Call(String method, String path, long nanos) {
    }

    /** What the runtime answered to one invocation. */
    public record Outcome(String requestId, boolean error, String errorType, byte[] body, long deliveredNanos,
            long answeredNanos) {

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** From the event's delivery ({@code next} answered) to the response. */
        public Duration handlingTime() {
            return Duration.ofNanos(answeredNanos - deliveredNanos);
        }
    }

    /** A reported init or restore failure. */
    public record Failure(String path, String errorType, String body, long nanos) {
    }

    /** What the container credentials endpoint hands out to a caller with the authorization {@code token}. */
    private record Credentials(String accessKeyId, String secretAccessKey, String token) {

        /** The key pair with a session token, valid for six hours. */
        String json() {
            return "{\"AccessKeyId\":\"" + accessKeyId + "\",\"SecretAccessKey\":\"" + secretAccessKey
                    + "\",\"Token\":\"local-session\",\"Expiration\":\"" + Instant.now().plus(Duration.ofHours(6)) + "\"}";
        }
    }

    /** A queued event; {@code deliveredNanos} is null until {@code next} hands it to the runtime. */
    private record Invocation(String requestId, byte[] event, Duration timeout, CompletableFuture<Outcome> outcome,
            Long deliveredNanos) {

        Invocation delivered() {
            return new Invocation(requestId, event, timeout, outcome, System.nanoTime());
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Failure> initError = new CompletableFuture<>();
    private final String functionArn;
    private final Credentials credentials;

    private RuntimeApiEmulator(String functionArn, Credentials credentials) throws IOException {
        this.functionArn = functionArn;
        this.credentials = credentials;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        // invocation/next blocks until an event is queued, so every exchange gets a thread of its own.
        this.threads = Executors.newCachedThreadPool(new DaemonThreads("runtime-api"));
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts the emulator on a free loopback port for a function with this ARN. */
    public static RuntimeApiEmulator start(String functionArn) throws IOException {
        return start(functionArn, "ASIALOCALRUNTIME", "local");
    }

    /** As above; the container credentials endpoint hands out this key pair (with a session token). */
    public static RuntimeApiEmulator start(String functionArn, String accessKeyId, String secretAccessKey)
            throws IOException {
        return new RuntimeApiEmulator(functionArn, new Credentials(accessKeyId, secretAccessKey,
                UUID.randomUUID().toString()));
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The value of {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} (SnapStart). */
    public String credentialsUri() {
        return "http://" + address() + CREDENTIALS_PATH;
    }

    /** The value of {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} (SnapStart). */
    public String credentialsToken() {
        return credentials.token();
    }

    /** Queues an event; the future completes when the runtime posts its response or error. */
    public CompletableFuture<Outcome> invoke(byte[] event, Duration timeout) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event, timeout, new CompletableFuture<>(),
                null);
        inFlight.put(invocation.requestId(), invocation);
        queue.add(invocation);
        return invocation.outcome();
    }

    /** Completes when the runtime reports an init failure. */
    public CompletableFuture<Failure> initError() {
        return initError;
    }

    /** Every call so far, in arrival order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        inFlight.values().forEach(i -> i.outcome().completeExceptionally(new IllegalStateException("emulator closed")));
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        calls.add(new Call(method, path, now));
        try (exchange) {
            byte[] body = readAll(exchange.getRequestBody());
            if (path.equals(CREDENTIALS_PATH) && method.equals("GET")) {
                credentials(exchange);
            } else if (!path.startsWith(PREFIX)) {
                send(exchange, 404, "{\"errorMessage\":\"unknown path\"}");
            } else {
                runtime(exchange, method, path.substring(PREFIX.length()), body, now);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runtime(HttpExchange exchange, String method, String path, byte[] body, long now)
            throws IOException, InterruptedException {
        String errorType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        if (method.equals("GET") && path.equals("invocation/next")) {
            next(exchange);
        } else if (method.equals("POST") && path.startsWith("invocation/")) {
            String[] parts = path.split("/");
            Invocation invocation = parts.length == 3 ? inFlight.remove(parts[1]) : null;
            if (invocation == null || !(parts[2].equals("response") || parts[2].equals("error"))) {
                send(exchange, 400, "{\"errorMessage\":\"unknown invocation\"}");
                return;
            }
            send(exchange, 202, "{\"status\":\"OK\"}");
            Long delivered = invocation.deliveredNanos();
            invocation.outcome().complete(new Outcome(invocation.requestId(), parts[2].equals("error"), errorType, body,
                    delivered == null ? now : delivered, now));
        } else if (method.equals("GET") && path.equals("restore/next")) {
            send(exchange, 200, "");
        } else if (method.equals("POST") && (path.equals("init/error") || path.equals("restore/error"))) {
            send(exchange, 202, "{\"status\":\"OK\"}");
            initError.complete(new Failure(path, errorType, new String(body, StandardCharsets.UTF_8), now));
        } else {
            send(exchange, 404, "{\"errorMessage\":\"unknown path\"}");
        }
    }

    private void next(HttpExchange exchange) throws IOException, InterruptedException {
        Invocation invocation = queue.take();
        long deadline = Instant.now().plus(invocation.timeout()).toEpochMilli();
        var headers = exchange.getResponseHeaders();
        headers.add("Content-Type", "application/json");
        headers.add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
        headers.add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.add("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + invocation.requestId().replace("-", "").substring(0, 24) + ";Parent=0000000000000000;Sampled=0");
        inFlight.put(invocation.requestId(), invocation.delivered());
        exchange.sendResponseHeaders(200, invocation.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(invocation.event());
        }
    }

    private void credentials(HttpExchange exchange) throws IOException {
        if (!credentials.token().equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, "{\"message\":\"missing or wrong authorization token\"}");
            return;
        }
        send(exchange, 200, credentials.json());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
