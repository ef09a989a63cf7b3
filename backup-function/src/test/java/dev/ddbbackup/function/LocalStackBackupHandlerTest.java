package dev.ddbbackup.function;

import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.s3.LocalStackS3;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The handler scenarios against LocalStack's S3 (real S3 behaviour); skipped where there is no Docker. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackBackupHandlerTest extends BackupHandlerScenarios {

    @Container
    static final LocalStackContainer LOCALSTACK = LocalStackS3.container();

    @Override
    protected ClientSettings s3Settings() {
        return LocalStackS3.settings(LOCALSTACK);
    }
}
