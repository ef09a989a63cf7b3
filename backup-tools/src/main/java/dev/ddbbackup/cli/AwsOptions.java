package dev.ddbbackup.cli;

import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.aws.Timeouts;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The options every command that talks to AWS shares. Anything not given here comes from the
 * standard AWS configuration chain ({@code AWS_REGION}, {@code AWS_PROFILE},
 * {@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL_DYNAMODB}, the
 * credentials chain), so the same command runs against AWS, LocalStack, MinIO or local servers.
 * The region chain includes {@code AWS_DEFAULT_REGION} ({@link ClientSettings#fromEnvironment}),
 * for every client the tools build, Step Functions' included.
 */
public final class AwsOptions {

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "Endpoint for both S3 and DynamoDB (LocalStack style). Default: AWS_ENDPOINT_URL*.")
    URI endpoint;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "Endpoint for S3 only (overrides --endpoint).")
    URI s3Endpoint;

    @Option(names = "--dynamodb-endpoint", paramLabel = "URL",
            description = "Endpoint for DynamoDB only (overrides --endpoint).")
    URI dynamoDbEndpoint;

    @Option(names = "--region", description = "AWS region. Default: the AWS configuration chain.")
    String region;

    @Option(names = "--profile", description = "Named profile from ~/.aws/config. Default: AWS_PROFILE or default.")
    String profile;

    /** Settings for the tools' own work (bulk transfers: {@link Timeouts#tools()}). */
    public ClientSettings settings(int maxConcurrency) {
        return settings(maxConcurrency, Timeouts.tools());
    }

    /** Settings for running the backup function itself (invoke, stream, local): its own limits. */
    public ClientSettings functionSettings(int maxConcurrency) {
        return settings(maxConcurrency, Timeouts.function());
    }

    private ClientSettings settings(int maxConcurrency, Timeouts timeouts) {
        // Every failed call names its operation, resource and endpoint to the error line (FailedCall).
        ClientSettings.Builder b = ClientSettings.fromEnvironment(System.getenv()).toBuilder().maxConcurrency(maxConcurrency)
                .timeouts(timeouts).addInterceptor(new FailedCall.Interceptor());
        // What is not given keeps the environment's setting.
        Optional.ofNullable(endpoint).ifPresent(b::endpoint);
        Optional.ofNullable(s3Endpoint).ifPresent(b::s3Endpoint);
        Optional.ofNullable(dynamoDbEndpoint).ifPresent(b::dynamoDbEndpoint);
        Optional.ofNullable(region).map(Region::of).ifPresent(b::region);
        Optional.ofNullable(profile).map(ProfileCredentialsProvider::create).ifPresent(b::credentials);
        return b.build();
    }
}
