package dev.ddbbackup.resync;

import dev.ddbbackup.testing.OnMoto;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ResyncTest} against moto_server's S3 and DynamoDB. */
@ExtendWith(OnMoto.class)
class ResyncOnMotoTest extends ResyncTest {
}
