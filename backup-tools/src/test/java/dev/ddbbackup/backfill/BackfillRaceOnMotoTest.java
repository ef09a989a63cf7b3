package dev.ddbbackup.backfill;

import dev.ddbbackup.testing.OnMoto;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link BackfillRaceTest} against moto_server's S3 and DynamoDB. */
@ExtendWith(OnMoto.class)
class BackfillRaceOnMotoTest extends BackfillRaceTest {
}
