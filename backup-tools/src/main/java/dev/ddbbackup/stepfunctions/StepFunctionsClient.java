package dev.ddbbackup.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The few AWS Step Functions API calls the command line needs (start an execution, watch it, read
 * the state machine's tags and its Map Runs), over the service's own protocol: AWS JSON 1.0, a
 * {@code POST /} with {@code X-Amz-Target: AWSStepFunctions.<Operation>} and
 * {@code Content-Type: application/x-amz-json-1.0}, signed with Signature Version 4 for the
 * signing name {@code states} (the service's API model: endpoint prefix {@code states}, target
 * prefix {@code AWSStepFunctions}, JSON version 1.0).
 *
 * <p>Why not the SDK's {@code sfn} module: every SDK module must be on one version, and the
 * modules this project needs stop at a version for which {@code sfn} is not served here. The
 * signing (the SDK's {@link AwsV4HttpSigner}), the HTTP client (the SDK's CRT client), the
 * credentials and the region are the SDK's own, from the standard chain; the endpoint comes from
 * {@code AWS_ENDPOINT_URL_SFN} or {@code AWS_ENDPOINT_URL} (the SDK's naming for the service id
 * {@code SFN}), else {@code https://states.REGION.amazonaws.com}.
 */
public final class StepFunctionsClient implements AutoCloseable {

    static final String SIGNING_NAME = "states";
    static final String TARGET_PREFIX = "AWSStepFunctions.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    private StepFunctionsClient(Builder b) {
        this.region = b.region != null ? b.region : DefaultAwsRegionProviderChain.builder().build().getRegion();
        this.endpoint = b.endpoint != null ? b.endpoint : defaultEndpoint(region, b.environment);
        this.credentials = b.credentials != null ? b.credentials : DefaultCredentialsProvider.builder().build();
        this.http = b.http != null ? b.http : AwsCrtHttpClient.builder().maxConcurrency(4).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code AWS_ENDPOINT_URL_SFN}, else {@code AWS_ENDPOINT_URL}, else the region's public endpoint. */
    static URI defaultEndpoint(Region region, Map<String, String> env) {
        for (String variable : new String[] {"AWS_ENDPOINT_URL_SFN", "AWS_ENDPOINT_URL"}) {
            String v = env.get(variable);
            if (v != null && !v.isBlank()) {
                return URI.create(v.strip());
            }
        }
        String domain = region.metadata() != null ? region.metadata().domain() : "amazonaws.com";
        return URI.create("https://states." + region.id() + "." + domain);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** StartExecution: returns the execution's ARN. */
    public String startExecution(String stateMachineArn, String name, String input) {
        ObjectNode body = MAPPER.createObjectNode().put("stateMachineArn", stateMachineArn).put("name", name)
                .put("input", input);
        return call("StartExecution", body).path("executionArn").asText();
    }

    /** DescribeExecution: status, output, error and cause of an execution. */
    public Execution describeExecution(String executionArn) {
        JsonNode n = call("DescribeExecution", MAPPER.createObjectNode().put("executionArn", executionArn));
        return new Execution(n.path("executionArn").asText(), n.path("status").asText(), text(n, "output"),
                text(n, "error"), text(n, "cause"));
    }

    /** ListTagsForResource: the tags of a state machine (or any Step Functions resource). */
    public Map<String, String> listTags(String resourceArn) {
        JsonNode n = call("ListTagsForResource", MAPPER.createObjectNode().put("resourceArn", resourceArn));
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode t : n.path("tags")) {
            tags.put(t.path("key").asText(), t.path("value").asText());
        }
        return tags;
    }

    /** One operation: the request body as JSON, the answer's body as JSON; an error answer is a {@link StepFunctionsException}. */
    public JsonNode call(String operation, ObjectNode body) {
        byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint.resolve("/"))
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Amz-Target", TARGET_PREFIX + operation)
                .putHeader("Content-Length", Integer.toString(payload.length))
                .build();
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        SignedRequest signed = signer.sign(r -> r.identity(identity)
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            byte[] answer = response.responseBody().map(StepFunctionsClient::readAll).orElse(new byte[0]);
            JsonNode json = answer.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(answer);
            int status = response.httpResponse().statusCode();
            if (status / 100 != 2) {
                String type = text(json, "__type");
                if (type != null && type.contains("#")) {
                    type = type.substring(type.indexOf('#') + 1);
                }
                String message = text(json, "message") != null ? text(json, "message") : text(json, "Message");
                throw new StepFunctionsException(operation, resource(body), endpoint, status, type, message);
            }
            return json;
        } catch (IOException e) {
            throw new StepFunctionsException(operation, resource(body), endpoint, e);
        }
    }

    /** The ARN a request names (the state machine, execution or resource), for its errors. */
    private static String resource(ObjectNode body) {
        for (String field : new String[] {"stateMachineArn", "executionArn", "resourceArn", "mapRunArn"}) {
            if (body.hasNonNull(field)) {
                return body.get(field).asText();
            }
        }
        return "";
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public void close() {
        http.close();
    }

    /** An execution as DescribeExecution reports it. */
    public record Execution(String arn, String status, String output, String error, String cause) {

        /** RUNNING and PENDING_REDRIVE are not final; SUCCEEDED, FAILED, TIMED_OUT and ABORTED are. */
        public boolean finished() {
            return !status.equals("RUNNING") && !status.equals("PENDING_REDRIVE");
        }
    }

    /** Builder; anything not set comes from the standard AWS configuration chain. */
    public static final class Builder {
        private URI endpoint;
        private Region region;
        private AwsCredentialsProvider credentials;
        private SdkHttpClient http;
        private Map<String, String> environment = System.getenv();

        public Builder endpoint(URI v) { this.endpoint = v; return this; }
        public Builder region(Region v) { this.region = v; return this; }
        public Builder credentials(AwsCredentialsProvider v) { this.credentials = v; return this; }
        public Builder httpClient(SdkHttpClient v) { this.http = v; return this; }
        /** The environment the endpoint variables are read from (default: this process's). */
        public Builder environment(Map<String, String> v) { this.environment = Objects.requireNonNull(v); return this; }

        public StepFunctionsClient build() {
            return new StepFunctionsClient(this);
        }
    }
}
