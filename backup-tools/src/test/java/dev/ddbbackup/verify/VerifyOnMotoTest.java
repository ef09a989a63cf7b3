package dev.ddbbackup.verify;

import dev.ddbbackup.testing.OnMoto;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link VerifyTest} against moto_server's S3 and DynamoDB. */
@ExtendWith(OnMoto.class)
class VerifyOnMotoTest extends VerifyTest {
}
