package dev.ddbbackup.aws;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

/**
 * How to reach AWS (or an S3/DynamoDB-compatible endpoint): the parts of the standard AWS
 * configuration chain we need to see ourselves. Anything not set here is left to the SDK's own
 * chain (region, credentials, profiles).
 */
public final class ClientSettings {

    private final URI s3Endpoint;
    private final URI dynamoDbEndpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final int maxConcurrency;
    private final List<ExecutionInterceptor> interceptors;

    private ClientSettings(Builder b) {
        this.interceptors = List.copyOf(b.interceptors);
        this.s3Endpoint = b.s3Endpoint;
        this.dynamoDbEndpoint = b.dynamoDbEndpoint;
        this.region = b.region;
        this.credentials = b.credentials;
        this.maxConcurrency = b.maxConcurrency;
    }

    /**
     * Settings from the standard environment variables: {@code AWS_ENDPOINT_URL_S3},
     * {@code AWS_ENDPOINT_URL_DYNAMODB} and {@code AWS_ENDPOINT_URL} (the service-specific one
     * wins). Region and credentials stay with the SDK's default chain.
     */
    public static ClientSettings fromEnvironment(Map<String, String> env) {
        return builder()
                .s3Endpoint(endpoint(env, "AWS_ENDPOINT_URL_S3"))
                .dynamoDbEndpoint(endpoint(env, "AWS_ENDPOINT_URL_DYNAMODB"))
                .build();
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
        return new Builder().s3Endpoint(s3Endpoint).dynamoDbEndpoint(dynamoDbEndpoint).region(region)
                .credentials(credentials).maxConcurrency(maxConcurrency).interceptors(interceptors);
    }

    /** Extra SDK interceptors (fault injection in tests, request counting in benchmarks). */
    public List<ExecutionInterceptor> interceptors() {
        return interceptors;
    }

    public Optional<URI> s3Endpoint() {
        return Optional.ofNullable(s3Endpoint);
    }

    public Optional<URI> dynamoDbEndpoint() {
        return Optional.ofNullable(dynamoDbEndpoint);
    }

    public Optional<Region> region() {
        return Optional.ofNullable(region);
    }

    public Optional<AwsCredentialsProvider> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** Upper bound on concurrent HTTP connections per client. */
    public int maxConcurrency() {
        return maxConcurrency;
    }

    /** Builder. */
    public static final class Builder {
        private URI s3Endpoint;
        private URI dynamoDbEndpoint;
        private Region region;
        private AwsCredentialsProvider credentials;
        private int maxConcurrency = 64;
        private List<ExecutionInterceptor> interceptors = new ArrayList<>();

        private Builder() {
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
            return new ClientSettings(this);
        }
    }
}
