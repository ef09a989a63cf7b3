package dev.ddbbackup.s3;

import dev.ddbbackup.aws.ClientSettings;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** LocalStack's S3 in Docker (Testcontainers), the one version every LocalStack suite runs against. */
public final class LocalStackS3 {

    private LocalStackS3() {
    }

    /** A container with S3 only; the test class's {@code @Container} field starts and stops it. */
    public static LocalStackContainer container() {
        return new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4")).withServices(Service.S3);
    }

    /** Client settings for the container's S3 (its endpoint, region and credentials). */
    public static ClientSettings settings(LocalStackContainer localStack) {
        return ClientSettings.builder()
                .s3Endpoint(localStack.getEndpointOverride(Service.S3))
                .region(Region.of(localStack.getRegion()))
                .credentials(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(localStack.getAccessKey(), localStack.getSecretKey())))
                .build();
    }
}
