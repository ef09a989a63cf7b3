package dev.ddbbackup.function;

import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.testing.MotoServer;
import org.junit.jupiter.api.extension.ExtendWith;

/** The handler scenarios against moto's S3 (a second, independent implementation of versioned S3). */
@ExtendWith(MotoServer.Extension.class)
class MotoBackupHandlerTest extends BackupHandlerScenarios {

    @Override
    protected ClientSettings s3Settings() {
        return MotoServer.shared().settings();
    }
}
