package dev.ddbbackup.restore;

import dev.ddbbackup.testing.OnMoto;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link LegacyAndCreateTableTest} against moto_server's S3 and DynamoDB. */
@ExtendWith(OnMoto.class)
class LegacyAndCreateTableOnMotoTest extends LegacyAndCreateTableTest {
}
