package dev.ddbbackup.function;

import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.testing.LocalS3;

/** The log-mode handler scenarios against the embedded S3Mock server. */
class S3MockLogModeHandlerTest extends LogModeHandlerScenarios {

    @Override
    protected ClientSettings s3Settings() {
        return LocalS3.settings(LocalS3.shared());
    }
}
