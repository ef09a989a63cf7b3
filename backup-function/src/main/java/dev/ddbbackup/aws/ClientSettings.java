package dev.ddbbackup.aws;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

/**
 * How to reach AWS (or an S3/DynamoDB-compatible endpoint): the parts of the standard AWS
 * configuration chain we need to see ourselves. Anything not set here (empty) is left to the SDK's
 * own chain (region, credentials, profiles).
 *
 * @param interceptors extra SDK interceptors (fault injection in tests, request counting in benchmarks)
 * @param timeouts time limits and retries of the clients (default: {@link Timeouts#function()})
 * @param requestChecksumCalculation the S3 client's request checksum calculation when set here; empty
 *     leaves it to {@link AwsClients} (WHEN_REQUIRED with an endpoint override unless the user
 *     configured it, else the SDK's default)
 * @param responseChecksumValidation as {@code requestChecksumCalculation}, for response checksum validation
 * @param chunkedEncoding whether uploads may be signed in aws-chunked form, when set here; empty leaves
 *     it to {@link AwsClients} (off with an endpoint override, else the SDK's default: on)
 * @param httpClient an HTTP client to use instead of the CRT client these settings would build
 *     (priming); usually empty
 * @param maxConcurrency upper bound on concurrent HTTP connections per client
 */
public record ClientSettings(Optional<URI> s3Endpoint, Optional<URI> dynamoDbEndpoint, Optional<Region> region,
        Optional<AwsCredentialsProvider> credentials, int maxConcurrency, List<ExecutionInterceptor> interceptors,
        Timeouts timeouts, Optional<RequestChecksumCalculation> requestChecksumCalculation,
        Optional<ResponseChecksumValidation> responseChecksumValidation, Optional<Boolean> chunkedEncoding,
        Optional<SdkHttpClient> httpClient) {

    public ClientSettings {
        interceptors = List.copyOf(interceptors);
        Objects.requireNonNull(timeouts, "timeouts");
    }

    /**
     * Settings from the standard environment variables: {@code AWS_ENDPOINT_URL_S3},
     * {@code AWS_ENDPOINT_URL_DYNAMODB} and {@code AWS_ENDPOINT_URL} (the service-specific one
     * wins), and the region of {@code AWS_DEFAULT_REGION} (see {@link #defaultRegion}). The rest of
     * the region chain and the credentials stay with the SDK's default chain.
     */
    public static ClientSettings fromEnvironment(Map<String, String> env) {
        return builder()
                .s3Endpoint(endpoint(env, "AWS_ENDPOINT_URL_S3"))
                .dynamoDbEndpoint(endpoint(env, "AWS_ENDPOINT_URL_DYNAMODB"))
                .region(defaultRegion(env, System.getProperty("aws.region")))
                .build();
    }

    /**
     * {@code AWS_DEFAULT_REGION} when neither {@code AWS_REGION} nor the {@code aws.region} property
     * is set, else null (the SDK's chain decides). The AWS CLI and most tools read
     * {@code AWS_DEFAULT_REGION}; the Java SDK's region chain does not, so a shell configured for
     * the CLI would otherwise fail with "no region". Where the CLI reads it: after those two, before
     * the profile's region.
     */
    static Region defaultRegion(Map<String, String> env, String regionProperty) {
        String region = env.get("AWS_REGION");
        String fallback = env.get("AWS_DEFAULT_REGION");
        boolean chainHasOne = (region != null && !region.isBlank()) || (regionProperty != null && !regionProperty.isBlank());
        return chainHasOne || fallback == null || fallback.isBlank() ? null : Region.of(fallback.strip());
    }

    private static URI endpoint(Map<String, String> env, String serviceVariable) {
        String v = env.get(serviceVariable);
        if (v == null || v.isBlank()) {
            v = env.get("AWS_ENDPOINT_URL");
        }
        return v == null || v.isBlank() ? null : URI.create(v.strip());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().s3Endpoint(s3Endpoint.orElse(null)).dynamoDbEndpoint(dynamoDbEndpoint.orElse(null))
                .region(region.orElse(null)).credentials(credentials.orElse(null)).maxConcurrency(maxConcurrency)
                .interceptors(interceptors).timeouts(timeouts)
                .requestChecksumCalculation(requestChecksumCalculation.orElse(null))
                .responseChecksumValidation(responseChecksumValidation.orElse(null))
                .chunkedEncoding(chunkedEncoding.orElse(null)).httpClient(httpClient.orElse(null));
    }

    /** Builder. */
    public static final class Builder {
        private URI s3Endpoint;
        private URI dynamoDbEndpoint;
        private Region region;
        private AwsCredentialsProvider credentials;
        private int maxConcurrency = 64;
        private List<ExecutionInterceptor> interceptors = new ArrayList<>();
        private Timeouts timeouts = Timeouts.function();
        private RequestChecksumCalculation requestChecksumCalculation;
        private ResponseChecksumValidation responseChecksumValidation;
        private Boolean chunkedEncoding;
        private SdkHttpClient httpClient;

        private Builder() {
        }

        /** Null (the default): the CRT HTTP client, built from these settings. */
        public Builder httpClient(SdkHttpClient client) {
            this.httpClient = client;
            return this;
        }

        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        /** Null: decided by {@link AwsClients} (see {@link ClientSettings#requestChecksumCalculation()}). */
        public Builder requestChecksumCalculation(RequestChecksumCalculation calculation) {
            this.requestChecksumCalculation = calculation;
            return this;
        }

        /** Null: decided by {@link AwsClients}. */
        public Builder responseChecksumValidation(ResponseChecksumValidation validation) {
            this.responseChecksumValidation = validation;
            return this;
        }

        /** Null: decided by {@link AwsClients} (see {@link ClientSettings#chunkedEncoding()}). */
        public Builder chunkedEncoding(Boolean enabled) {
            this.chunkedEncoding = enabled;
            return this;
        }

        public Builder interceptors(List<ExecutionInterceptor> interceptors) {
            this.interceptors = new ArrayList<>(interceptors);
            return this;
        }

        public Builder addInterceptor(ExecutionInterceptor interceptor) {
            this.interceptors.add(interceptor);
            return this;
        }

        public Builder s3Endpoint(URI endpoint) {
            this.s3Endpoint = endpoint;
            return this;
        }

        public Builder dynamoDbEndpoint(URI endpoint) {
            this.dynamoDbEndpoint = endpoint;
            return this;
        }

        /** Sets both endpoints (a LocalStack-style single endpoint). */
        public Builder endpoint(URI endpoint) {
            this.s3Endpoint = endpoint;
            this.dynamoDbEndpoint = endpoint;
            return this;
        }

        public Builder region(Region region) {
            this.region = region;
            return this;
        }

        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder maxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        public ClientSettings build() {
            return new ClientSettings(Optional.ofNullable(s3Endpoint), Optional.ofNullable(dynamoDbEndpoint),
                    Optional.ofNullable(region), Optional.ofNullable(credentials), maxConcurrency, interceptors, timeouts,
                    Optional.ofNullable(requestChecksumCalculation), Optional.ofNullable(responseChecksumValidation),
                    Optional.ofNullable(chunkedEncoding), Optional.ofNullable(httpClient));
        }
    }
}
