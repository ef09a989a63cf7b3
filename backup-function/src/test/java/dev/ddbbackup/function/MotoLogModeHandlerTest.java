package dev.ddbbackup.function;

import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.testing.MotoServer;
import org.junit.jupiter.api.extension.ExtendWith;

/** The log-mode handler scenarios against moto's S3 (a second, independent implementation of S3). */
@ExtendWith(MotoServer.Extension.class)
class MotoLogModeHandlerTest extends LogModeHandlerScenarios {

    @Override
    protected ClientSettings s3Settings() {
        return MotoServer.shared().settings();
    }
}
