package dev.ddbbackup.s3;

import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.testing.MotoServer;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;

/** moto_server 5.2.1. */
@ExtendWith(MotoServer.Extension.class)
class MotoConformanceTest extends S3Conformance {

    @Override
    protected ClientSettings settings() {
        return MotoServer.shared().settings();
    }

    @Override
    protected Set<Behaviour> deviations() {
        return EnumSet.of(Behaviour.DELETE_OF_A_NEVER_WRITTEN_KEY_MAKES_A_MARKER);
    }
}
