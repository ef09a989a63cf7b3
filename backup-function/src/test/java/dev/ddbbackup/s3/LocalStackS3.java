package dev.ddbbackup.s3;

import dev.ddbbackup.aws.ClientSettings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * LocalStack's S3 in Docker (Testcontainers), the one version every LocalStack suite runs against.
 * A test class runs against it with {@code @ExtendWith(LocalStackS3.class)}: a container with S3
 * only, started before the class and stopped after it; the class is skipped where there is no
 * Docker. Test classes run one at a time, which {@link #settings()} relies on.
 */
public final class LocalStackS3 implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {

    private static LocalStackContainer running;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return DockerClientFactory.instance().isDockerAvailable()
                ? ConditionEvaluationResult.enabled("Docker is available")
                : ConditionEvaluationResult.disabled("Docker is not available: LocalStack does not run here");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4")).withServices(Service.S3);
        running.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        running.stop();
        running = null;
    }

    /** Client settings for the running container's S3 (its endpoint, region and credentials). */
    public static ClientSettings settings() {
        return ClientSettings.builder()
                .s3Endpoint(running.getEndpointOverride(Service.S3))
                .region(Region.of(running.getRegion()))
                .credentials(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(running.getAccessKey(), running.getSecretKey())))
                .build();
    }
}
