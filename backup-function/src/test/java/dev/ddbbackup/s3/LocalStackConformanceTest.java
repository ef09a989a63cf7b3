package dev.ddbbackup.s3;

import dev.ddbbackup.aws.ClientSettings;
import java.util.EnumSet;
import java.util.Set;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * LocalStack's S3 provider; skipped where there is no Docker. Its source adds a delete marker for
 * a key that was never written and gives a marker its own time, like S3, so no deviation is
 * listed; a run with Docker checks that.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackConformanceTest extends S3Conformance {

    @Container
    static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4")).withServices(Service.S3);

    @Override
    protected ClientSettings settings() {
        return ClientSettings.builder()
                .s3Endpoint(LOCALSTACK.getEndpointOverride(Service.S3))
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentials(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                .build();
    }

    @Override
    protected Set<Behaviour> deviations() {
        return EnumSet.noneOf(Behaviour.class);
    }
}
