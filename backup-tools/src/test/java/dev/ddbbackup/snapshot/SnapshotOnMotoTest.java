package dev.ddbbackup.snapshot;

import dev.ddbbackup.testing.OnMoto;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SnapshotTest} against moto_server's S3 and DynamoDB. */
@ExtendWith(OnMoto.class)
class SnapshotOnMotoTest extends SnapshotTest {
}
