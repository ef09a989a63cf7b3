package dev.ddbbackup.cli;

import dev.ddbbackup.testing.OnMoto;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link NoBackupRefusalTest} against moto_server's S3 and DynamoDB. */
@ExtendWith(OnMoto.class)
class NoBackupRefusalOnMotoTest extends NoBackupRefusalTest {
}
