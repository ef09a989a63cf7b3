package dev.ddbbackup.revert;

import dev.ddbbackup.testing.OnMoto;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link RevertModelTest} against moto_server's S3 and DynamoDB. */
@ExtendWith(OnMoto.class)
class RevertModelOnMotoTest extends RevertModelTest {
}
