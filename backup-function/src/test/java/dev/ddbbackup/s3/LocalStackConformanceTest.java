package dev.ddbbackup.s3;

import dev.ddbbackup.aws.ClientSettings;
import java.util.EnumSet;
import java.util.Set;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * LocalStack's S3 provider; skipped where there is no Docker. Its source adds a delete marker for
 * a key that was never written and gives a marker its own time, like S3, so no deviation is
 * listed; a run with Docker checks that.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackConformanceTest extends S3Conformance {

    @Container
    static final LocalStackContainer LOCALSTACK = LocalStackS3.container();

    @Override
    protected ClientSettings settings() {
        return LocalStackS3.settings(LOCALSTACK);
    }

    @Override
    protected Set<Behaviour> deviations() {
        return EnumSet.noneOf(Behaviour.class);
    }
}
