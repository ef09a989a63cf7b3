package dev.ddbbackup.function;

import dev.ddbbackup.aws.ClientSettings;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The handler scenarios against LocalStack's S3 (real S3 behaviour); skipped where there is no Docker. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackBackupHandlerTest extends BackupHandlerScenarios {

    @Container
    static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4")).withServices(Service.S3);

    @Override
    protected ClientSettings s3Settings() {
        return ClientSettings.builder()
                .s3Endpoint(LOCALSTACK.getEndpointOverride(Service.S3))
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentials(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                .build();
    }
}
