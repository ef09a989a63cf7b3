package dev.ddbbackup.cli;

import dev.ddbbackup.testing.OnMoto;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ToolCommandsTest} against moto_server's S3 and DynamoDB. */
@ExtendWith(OnMoto.class)
class ToolCommandsOnMotoTest extends ToolCommandsTest {
}
