package dev.ddbbackup.function;

import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.s3.LocalStackS3;
import org.junit.jupiter.api.extension.ExtendWith;

/** The handler scenarios against LocalStack's S3 (real S3 behaviour); skipped where there is no Docker. */
@ExtendWith(LocalStackS3.class)
class LocalStackBackupHandlerTest extends BackupHandlerScenarios {

    @Override
    protected ClientSettings s3Settings() {
        return LocalStackS3.settings();
    }
}
