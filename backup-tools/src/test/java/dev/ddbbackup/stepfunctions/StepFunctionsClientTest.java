package dev.ddbbackup.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.ddbbackup.testing.MotoServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The command line's Step Functions client on the wire: what it sends (checked by a loopback
 * server that records the request: AWS JSON 1.0, the target header, a SigV4 signature for
 * {@code states} in the region, over the headers that matter) and that a second implementation of
 * the API, moto_server, understands it: state machine, tags, an execution run to its end, errors.
 */
class StepFunctionsClientTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final StaticCredentialsProvider KEYS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

    @TempDir
    Path work;

    record Captured(String method, String path, Map<String, java.util.List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    @Test
    void requestsAreAwsJson10SignedWithSigV4ForStates() throws Exception {
        AtomicReference<Captured> captured = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            captured.set(new Captured(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            boolean unknown = body.contains("missing");
            byte[] answer = (unknown
                    ? "{\"__type\":\"com.amazonaws.swf.base.model#ExecutionDoesNotExist\",\"message\":\"Execution Does Not Exist\"}"
                    : "{\"executionArn\":\"arn:aws:states:eu-west-1:123456789012:execution:sm:e1\",\"startDate\":1.795E9}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(unknown ? 400 : 200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        try (StepFunctionsClient client = StepFunctionsClient.builder().region(Region.EU_WEST_1).credentials(KEYS)
                .environment(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:" + server.getAddress().getPort()))
                .build()) {
            String arn = client.startExecution("arn:aws:states:eu-west-1:123456789012:stateMachine:sm", "e1",
                    "{\"job\":\"restore\"}");
            assertThat(arn).isEqualTo("arn:aws:states:eu-west-1:123456789012:execution:sm:e1");
            Captured request = captured.get();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/");
            assertThat(request.header("X-Amz-Target")).isEqualTo("AWSStepFunctions.StartExecution");
            assertThat(request.header("Content-Type")).isEqualTo("application/x-amz-json-1.0");
            JsonNode body = MAPPER.readTree(request.body());
            assertThat(body.path("stateMachineArn").asText()).endsWith(":stateMachine:sm");
            assertThat(body.path("name").asText()).isEqualTo("e1");
            assertThat(body.path("input").asText()).isEqualTo("{\"job\":\"restore\"}");
            assertThat(request.header("X-Amz-Date")).matches("\\d{8}T\\d{6}Z");
            Matcher auth = Pattern.compile("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/(\\d{8})/eu-west-1/states/aws4_request,"
                    + " SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})").matcher(request.header("Authorization"));
            assertThat(auth.matches()).as(request.header("Authorization")).isTrue();
            assertThat(request.header("X-Amz-Date")).startsWith(auth.group(1));
            assertThat(auth.group(2).split(";")).contains("content-type", "host", "x-amz-date", "x-amz-target");

            assertThatThrownBy(() -> client.describeExecution("arn:aws:states:eu-west-1:123456789012:execution:sm:missing"))
                    .isInstanceOfSatisfying(StepFunctionsException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.errorType()).isEqualTo("ExecutionDoesNotExist");
                    });
            assertThat(captured.get().header("X-Amz-Target")).isEqualTo("AWSStepFunctions.DescribeExecution");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theDefaultEndpointIsTheRegionsUnlessTheStandardVariablesSayOtherwise() {
        assertThat(StepFunctionsClient.defaultEndpoint(Region.US_EAST_1, Map.of()))
                .isEqualTo(URI.create("https://states.us-east-1.amazonaws.com"));
        assertThat(StepFunctionsClient.defaultEndpoint(Region.CN_NORTH_1, Map.of()))
                .isEqualTo(URI.create("https://states.cn-north-1.amazonaws.com.cn"));
        assertThat(StepFunctionsClient.defaultEndpoint(Region.US_EAST_1, Map.of("AWS_ENDPOINT_URL", "http://a:1",
                "AWS_ENDPOINT_URL_SFN", "http://b:2"))).isEqualTo(URI.create("http://b:2"));
        assertThat(StepFunctionsClient.defaultEndpoint(Region.US_EAST_1, Map.of("AWS_ENDPOINT_URL", "http://a:1")))
                .isEqualTo(URI.create("http://a:1"));
    }

    @Test
    void motoServerUnderstandsTheClient() throws Exception {
        Assumptions.assumeTrue(MotoServer.installed(), "moto_server is not installed: the wire test against it is skipped");
        MotoServer server = MotoServer.start(work.resolve("moto.log"));
        try (StepFunctionsClient client = StepFunctionsClient.builder().region(Region.US_EAST_1).credentials(KEYS)
                     .environment(Map.of("AWS_ENDPOINT_URL_SFN", server.endpoint().toString())).build()) {
            String definition = "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Pass\",\"Result\":{\"ok\":true},\"End\":true}}}";
            String machine = client.call("CreateStateMachine", MAPPER.createObjectNode().put("name", "fanout")
                    .put("definition", definition).put("roleArn", "arn:aws:iam::123456789012:role/fanout"))
                    .path("stateMachineArn").asText();
            assertThat(machine).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:fanout");
            var tag = MAPPER.createObjectNode().put("resourceArn", machine);
            tag.putArray("tags").addObject().put("key", "ddb-backup:job-bucket").put("value", "jobs-bucket");
            client.call("TagResource", tag);
            assertThat(client.listTags(machine)).containsEntry("ddb-backup:job-bucket", "jobs-bucket");

            String execution = client.startExecution(machine, "restore-1", "{\"job\":\"restore\"}");
            assertThat(execution).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:fanout:restore-1");
            StepFunctionsClient.Execution described = client.describeExecution(execution);
            for (int i = 0; i < 50 && !described.finished(); i++) {
                Thread.sleep(200);
                described = client.describeExecution(execution);
            }
            assertThat(described.arn()).isEqualTo(execution);
            assertThat(described.status()).isIn("RUNNING", "SUCCEEDED");
            assertThatThrownBy(() -> client.describeExecution(execution + "-missing"))
                    .isInstanceOfSatisfying(StepFunctionsException.class,
                            e -> assertThat(e.errorType()).isEqualTo("ExecutionDoesNotExist"));
        } finally {
            server.stop();
        }
    }
}
