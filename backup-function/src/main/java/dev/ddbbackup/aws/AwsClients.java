package dev.ddbbackup.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
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
 * against AWS also runs against LocalStack, MinIO or the local servers.
 *
 * <p>The HTTP client is the AWS CRT client, which the AWS guide for Lambda recommends for start-up
 * time and throughput. Building a client opens no connection and resolves no credentials: both
 * happen on the first request, so building at init is safe for SnapStart.
 */
public final class AwsClients {

    /** Time allowed for one HTTP attempt; a hung connection is abandoned and retried. */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(20);
    /** Attempts per call: transient S3 errors (5xx, throttling, resets) are retried with backoff. */
    private static final int MAX_ATTEMPTS = 6;

    private AwsClients() {
    }

    /**
     * An S3 client. Path-style addressing is used whenever an endpoint override is set: local
     * and self-hosted servers rarely resolve bucket sub-domains.
     */
    public static S3Client s3(ClientSettings settings) {
        S3ClientBuilder builder = S3Client.builder();
        settings.s3Endpoint().ifPresent(uri -> builder.forcePathStyle(true));
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
        builder.httpClientBuilder(AwsCrtHttpClient.builder()
                        .maxConcurrency(settings.maxConcurrency())
                        .connectionTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(overrides(settings));
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
        RetryStrategy retry = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_ATTEMPTS)
                // A backup must keep retrying through an S3 brown-out rather than fail fast.
                .circuitBreakerEnabled(false)
                .build();
        return ClientOverrideConfiguration.builder()
                .retryStrategy(retry)
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .executionInterceptors(settings.interceptors())
                .build();
    }

    private static boolean regionConfigured() {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
