package dev.ddbbackup.cli;

import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;

/**
 * Which AWS call failed: service, operation, resource ({@code s3://bucket/key}, the bucket and
 * prefix of a listing, a table), endpoint and region, taken from the request itself when it fails.
 * The SDK's exceptions name none of these (a missing bucket is "The specified bucket does not
 * exist", a refused connection names no host), and the engines make hundreds of calls from many
 * places: {@link Interceptor} attaches this to every failed call's exception, whatever code made it,
 * so {@link Failure} can name the resource without parsing text and without every call site
 * wrapping its calls.
 *
 * <p>It travels as a suppressed exception of the SDK's own, so the exception keeps its type (code
 * that catches {@code NoSuchKeyException} still does) and {@code --debug}'s stack trace shows it.
 */
final class FailedCall extends RuntimeException {

    private final String service;
    private final String operation;
    private final String resource;
    private final URI endpoint;
    private final Region region;

    FailedCall(String service, String operation, String resource, URI endpoint, Region region) {
        super(service + " " + operation + (resource.isEmpty() ? "" : " " + resource) + " at "
                + (endpoint == null ? "?" : endpoint), null, false, false);
        this.service = service;
        this.operation = operation;
        this.resource = resource;
        this.endpoint = endpoint;
        this.region = region;
    }

    /** The note attached to {@code e} or to one of its causes, if an SDK call failed there. */
    static Optional<FailedCall> in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Optional<FailedCall> call = Arrays.stream(t.getSuppressed()).filter(FailedCall.class::isInstance)
                    .map(FailedCall.class::cast).findFirst();
            if (call.isPresent()) {
                return call;
            }
        }
        return Optional.empty();
    }

    String service() {
        return service;
    }

    /** "S3 GetObject s3://bucket/key" or "DynamoDb DescribeTable table Orders". */
    String describe() {
        return service + " " + operation + (resource.isEmpty() ? "" : " " + resource);
    }

    /** The endpoint the request went to ("the AWS endpoint" when it is not known). */
    String endpoint() {
        return endpoint == null ? "the AWS endpoint" : endpoint.getScheme() + "://" + endpoint.getAuthority();
    }

    /** The region the request was signed for, or "?". */
    String region() {
        return region == null ? "?" : region.id();
    }

    /** The resource a request names: an S3 object, prefix or bucket, or a DynamoDB table. */
    static String resourceOf(SdkRequest request) {
        Optional<String> bucket = request.getValueForField("Bucket", String.class);
        if (bucket.isPresent()) {
            String path = request.getValueForField("Key", String.class)
                    .or(() -> request.getValueForField("Prefix", String.class)).orElse("");
            return "s3://" + bucket.get() + "/" + path;
        }
        Optional<String> table = request.getValueForField("TableName", String.class);
        if (table.isPresent()) {
            return "table " + table.get();
        }
        return request.getValueForField("RequestItems", Map.class)
                .map(items -> "table " + String.join(", ", items.keySet())).orElse("");
    }

    /** Attaches a {@link FailedCall} to the exception of every failed call of the clients it is given to. */
    static final class Interceptor implements ExecutionInterceptor {

        /** After every interceptor's modifyException: S3's own replaces the exception of a HEAD there. */
        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            URI endpoint = context.httpRequest().map(r -> r.getUri())
                    .orElse(attributes.getAttribute(SdkExecutionAttribute.CLIENT_ENDPOINT));
            context.exception().addSuppressed(new FailedCall(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), resourceOf(context.request()),
                    endpoint, attributes.getAttribute(AwsExecutionAttribute.AWS_REGION)));
        }
    }
}
