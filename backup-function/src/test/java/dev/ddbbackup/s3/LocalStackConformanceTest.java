package dev.ddbbackup.s3;

import dev.ddbbackup.aws.ClientSettings;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * LocalStack's S3 provider; skipped where there is no Docker. Its source adds a delete marker for
 * a key that was never written and gives a marker its own time, like S3, so no deviation is
 * listed; a run with Docker checks that.
 */
@ExtendWith(LocalStackS3.class)
class LocalStackConformanceTest extends S3Conformance {

    @Override
    protected ClientSettings settings() {
        return LocalStackS3.settings();
    }

    @Override
    protected Set<Behaviour> deviations() {
        return EnumSet.noneOf(Behaviour.class);
    }
}
