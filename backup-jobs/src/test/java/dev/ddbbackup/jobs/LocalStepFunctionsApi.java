package dev.ddbbackup.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The Step Functions API operations the command line calls (ListTagsForResource, StartExecution,
 * DescribeExecution), on loopback, in the service's AWS JSON 1.0 protocol, refusing requests
 * without a SigV4 signature for {@code states}; each execution runs the state machine's
 * definition in aws-local-stepfunctions ({@link LocalStateMachine}), whose tasks reach the real
 * job functions. So the command line's whole path runs: its client, the execution, the workers,
 * the merge, the report it prints.
 */
final class LocalStepFunctionsApi implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SIGV4 = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=[^/]+/\\d{8}/[a-z0-9-]+/states/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}");

    /** A state machine this API serves: its definition, substitutions, tags, and the machine that runs it. */
    record Machine(Path definition, Map<String, String> substitutions, Map<String, String> tags, LocalStateMachine runner) {
    }

    private record Execution(String arn, String startDate, JsonNode result) {
    }

    private final HttpServer server;
    private final Map<String, Machine> machines;
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();

    LocalStepFunctionsApi(Map<String, Machine> machines) throws IOException {
        this.machines = machines;
        server = LoopbackHttp.start("stepfunctions-api", 16, "/", this::handle);
    }

    URI endpoint() {
        return LoopbackHttp.endpoint(server);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            JsonNode body = MAPPER.readTree(exchange.getRequestBody());
            if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(exchange.getRequestURI().getPath())
                    || !"application/x-amz-json-1.0".equals(exchange.getRequestHeaders().getFirst("Content-Type"))
                    || target == null || !target.startsWith("AWSStepFunctions.")) {
                error(exchange, "UnknownOperationException", "not an AWS JSON 1.0 Step Functions request");
                return;
            }
            if (auth == null || !SIGV4.matcher(auth).matches()) {
                error(exchange, "InvalidSignatureException", "no SigV4 signature for states: " + auth);
                return;
            }
            switch (target.substring("AWSStepFunctions.".length())) {
                case "ListTagsForResource" -> {
                    Machine m = machines.get(body.path("resourceArn").asText());
                    if (m == null) {
                        error(exchange, "ResourceNotFound", "Resource not found: " + body.path("resourceArn").asText());
                        return;
                    }
                    ObjectNode answer = MAPPER.createObjectNode();
                    m.tags().forEach((k, v) -> answer.withArray("tags").addObject().put("key", k).put("value", v));
                    ok(exchange, answer);
                }
                case "StartExecution" -> {
                    String arn = body.path("stateMachineArn").asText();
                    Machine m = machines.get(arn);
                    if (m == null) {
                        error(exchange, "StateMachineDoesNotExist", "State Machine Does Not Exist: " + arn);
                        return;
                    }
                    String executionArn = arn.replace(":stateMachine:", ":execution:") + ":" + body.path("name").asText();
                    JsonNode input = MAPPER.readTree(body.path("input").asText());
                    Execution execution = new Execution(executionArn, Double.toString(System.currentTimeMillis() / 1000.0),
                            null);
                    executions.put(executionArn, execution);
                    Thread run = new Thread(() -> {
                        JsonNode result;
                        try {
                            result = m.runner().run(m.definition(), m.substitutions(), input);
                        } catch (Exception | AssertionError e) {
                            result = MAPPER.createObjectNode().put("status", "FAILED").put("error", "States.Runtime")
                                    .put("cause", e.toString());
                        }
                        executions.put(executionArn, new Execution(executionArn, execution.startDate(), result));
                    }, "execution");
                    run.setDaemon(true);
                    run.start();
                    ok(exchange, MAPPER.createObjectNode().put("executionArn", executionArn)
                            .put("startDate", Double.parseDouble(execution.startDate())));
                }
                case "DescribeExecution" -> {
                    Execution e = executions.get(body.path("executionArn").asText());
                    if (e == null) {
                        error(exchange, "ExecutionDoesNotExist", "Execution Does Not Exist");
                        return;
                    }
                    ObjectNode answer = MAPPER.createObjectNode().put("executionArn", e.arn());
                    if (e.result() == null) {
                        answer.put("status", "RUNNING");
                    } else if ("SUCCEEDED".equals(e.result().path("status").asText())) {
                        answer.put("status", "SUCCEEDED").put("output", e.result().path("output").toString());
                    } else {
                        answer.put("status", "FAILED").put("error", e.result().path("error").asText())
                                .put("cause", e.result().path("cause").asText());
                    }
                    ok(exchange, answer);
                }
                default -> error(exchange, "UnknownOperationException", target);
            }
        }
    }

    private static void ok(HttpExchange exchange, JsonNode answer) throws IOException {
        send(exchange, 200, MAPPER.writeValueAsBytes(answer));
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        send(exchange, 400, MAPPER.writeValueAsBytes(MAPPER.createObjectNode().put("__type", type).put("message", message)));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

}
