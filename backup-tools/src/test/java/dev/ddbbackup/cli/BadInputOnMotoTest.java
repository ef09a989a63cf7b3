package dev.ddbbackup.cli;

import dev.ddbbackup.testing.OnMoto;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link BadInputTest} against moto_server's S3 and DynamoDB. */
@ExtendWith(OnMoto.class)
class BadInputOnMotoTest extends BadInputTest {
}
