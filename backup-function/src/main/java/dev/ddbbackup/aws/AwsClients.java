package dev.ddbbackup.aws;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the SDK clients the same way everywhere (function, tools, tests), so that what runs
 * against AWS also runs against LocalStack, MinIO, Ceph, moto or the local servers.
 *
 * <p>The HTTP client is the AWS CRT client, which the AWS guide for Lambda recommends for start-up
 * time and throughput. Building a client opens no connection and resolves no credentials: both
 * happen on the first request, so building at init is safe for SnapStart. Time limits and retries
 * come from {@link ClientSettings#timeouts()} (see {@link Timeouts} for the values and why).
 */
public final class AwsClients {

    private AwsClients() {
    }

    /**
     * An S3 client. Whenever an endpoint override is set: path-style addressing (local and
     * self-hosted servers rarely resolve bucket sub-domains), uploads signed as one body rather than
     * in aws-chunked form, and, unless the user configured them, request checksums and response
     * validation only when an operation requires them ({@code WHEN_REQUIRED}; see
     * {@link ChecksumDefaults} for both). Against AWS itself the SDK's defaults stay.
     */
    public static S3Client s3(ClientSettings settings) {
        return s3(settings, ChecksumDefaults.ofThisProcess());
    }

    static S3Client s3(ClientSettings settings, ChecksumDefaults userChoice) {
        S3ClientBuilder builder = S3Client.builder();
        boolean override = settings.s3Endpoint().isPresent();
        if (override) {
            builder.forcePathStyle(true);
        }
        if (!settings.chunkedEncoding().orElse(!override)) {
            // The body signed whole (x-amz-content-sha256: its SHA-256 over HTTP, UNSIGNED-PAYLOAD over
            // HTTPS) instead of aws-chunked: see ChecksumDefaults for why third-party servers need it.
            builder.serviceConfiguration(c -> c.chunkedEncodingEnabled(false));
        }
        RequestChecksumCalculation request = settings.requestChecksumCalculation()
                .orElse(override && !userChoice.requestCalculationChosen() ? RequestChecksumCalculation.WHEN_REQUIRED : null);
        if (request != null) {
            builder.requestChecksumCalculation(request);
        }
        ResponseChecksumValidation response = settings.responseChecksumValidation()
                .orElse(override && !userChoice.responseValidationChosen() ? ResponseChecksumValidation.WHEN_REQUIRED : null);
        if (response != null) {
            builder.responseChecksumValidation(response);
        }
        return build(builder, settings, settings.s3Endpoint().orElse(null));
    }

    public static DynamoDbClient dynamoDb(ClientSettings settings) {
        return build(DynamoDbClient.builder(), settings, settings.dynamoDbEndpoint().orElse(null));
    }

    /** The DynamoDB Streams client (the stream poller of the local pipeline and the tools). */
    public static DynamoDbStreamsClient dynamoDbStreams(ClientSettings settings) {
        return build(DynamoDbStreamsClient.builder(), settings, settings.dynamoDbEndpoint().orElse(null));
    }

    private static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C build(B builder,
            ClientSettings settings, URI endpoint) {
        Timeouts t = settings.timeouts();
        AwsCrtHttpClient.Builder http = AwsCrtHttpClient.builder()
                .maxConcurrency(settings.maxConcurrency())
                .connectionTimeout(t.connect())
                .connectionAcquisitionTimeout(t.connectionAcquisition());
        // The CRT client has no read timeout: a connection that has a request outstanding and moves
        // (almost) no bytes for this long is closed instead, and the attempt retried.
        if (t.stall() != null) {
            http.connectionHealthConfiguration(h -> h.minimumThroughputInBps(1L).minimumThroughputTimeout(t.stall()));
        }
        if (settings.httpClient().isPresent()) {
            builder.httpClient(settings.httpClient().get());
        } else {
            builder.httpClientBuilder(http);
        }
        builder.overrideConfiguration(overrides(settings));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        settings.credentials().ifPresent(builder::credentialsProvider);
        if (settings.region().isPresent()) {
            builder.region(settings.region().get());
        } else if (endpoint != null && !regionConfigured()) {
            // A local endpoint needs some region to sign with; any will do.
            builder.region(Region.US_EAST_1);
        }
        return builder.build();
    }

    private static ClientOverrideConfiguration overrides(ClientSettings settings) {
        Timeouts t = settings.timeouts();
        RetryStrategy retry = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(t.maxAttempts())
                // A backup must keep retrying through an S3 brown-out rather than fail fast.
                .circuitBreakerEnabled(false)
                .build();
        return ClientOverrideConfiguration.builder()
                .retryStrategy(retry)
                .apiCallAttemptTimeout(t.attempt())
                .apiCallTimeout(t.call())
                .executionInterceptors(withRetriedCallsFirst(settings.interceptors()))
                .build();
    }

    /** The settings' interceptors after a {@link RetriedCalls}, so it counts every attempt, even one another fails. */
    private static List<ExecutionInterceptor> withRetriedCallsFirst(List<ExecutionInterceptor> interceptors) {
        List<ExecutionInterceptor> all = new ArrayList<>(interceptors.size() + 1);
        all.add(new RetriedCalls());
        all.addAll(interceptors);
        return all;
    }

    private static boolean regionConfigured() {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
