package dev.ddbbackup.checkpoint;

import dev.ddbbackup.testing.OnMoto;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link CheckpointCommandTest} against moto_server's S3 and DynamoDB. */
@ExtendWith(OnMoto.class)
class CheckpointCommandOnMotoTest extends CheckpointCommandTest {
}
