package dev.ddbbackup.function;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.testing.LocalS3;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The handler scenarios against the embedded S3Mock server. */
class S3MockBackupHandlerTest extends BackupHandlerScenarios {

    @RegisterExtension
    static final S3MockExtension S3 = LocalS3.extension();

    @Override
    protected ClientSettings s3Settings() {
        return LocalS3.settings(S3);
    }
}
