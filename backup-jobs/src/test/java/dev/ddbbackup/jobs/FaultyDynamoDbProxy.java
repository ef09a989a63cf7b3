package dev.ddbbackup.jobs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * DynamoDB in trouble for a while: a loopback proxy in front of DynamoDB Local that answers the
 * first {@code failures} requests of one operation (BatchWriteItem unless told) whose body contains
 * {@code marker} (one item's key, one Scan segment) with HTTP 500 InternalServerError: as many as
 * the SDK's attempts of one call, so that call fails for good and the worker's invocation fails
 * part-way (a restore with the writes of its other batches made). Every other request passes
 * through unchanged.
 */
final class FaultyDynamoDbProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "date", "from", "via", "warning");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final String operation;
    private final String marker;
    private final AtomicInteger failuresLeft;
    final AtomicInteger injected = new AtomicInteger();

    FaultyDynamoDbProxy(URI target, String marker, int failures) throws IOException {
        this(target, "BatchWriteItem", marker, failures);
    }

    FaultyDynamoDbProxy(URI target, String operation, String marker, int failures) throws IOException {
        this.operation = "DynamoDB_20120810." + operation;
        this.target = target;
        this.marker = marker;
        this.failuresLeft = new AtomicInteger(failures);
        this.server = LoopbackHttp.start("dynamodb-proxy", 64, "/", this::handle);
    }

    URI endpoint() {
        return LoopbackHttp.endpoint(server);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (this.operation.equals(operation)
                    && new String(body, StandardCharsets.UTF_8).contains(marker) && failuresLeft.getAndDecrement() > 0) {
                injected.incrementAndGet();
                byte[] error = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"Injected\"}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
                exchange.sendResponseHeaders(500, error.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(error);
                }
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
                if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
                    h.getValue().forEach(v -> request.header(h.getKey(), v));
                }
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
