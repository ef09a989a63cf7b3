package dev.ddbbackup.s3;

import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.testing.LocalS3;
import java.util.EnumSet;
import java.util.Set;

/** Adobe S3Mock 4.11 as the tests start it (stock, not the tools' patched server). */
class S3MockConformanceTest extends S3Conformance {

    @Override
    protected ClientSettings settings() {
        return LocalS3.settings(LocalS3.shared());
    }

    @Override
    protected Set<Behaviour> deviations() {
        return EnumSet.of(
                Behaviour.DELETE_MARKER_HAS_ITS_OWN_TIME,
                Behaviour.DELETE_OF_A_NEVER_WRITTEN_KEY_MAKES_A_MARKER,
                Behaviour.DELETE_ANSWERS_WITH_THE_MARKERS_VERSION_ID,
                Behaviour.ENABLING_VERSIONING_AGAIN_KEEPS_OBJECTS,
                Behaviour.LIFECYCLE_CONFIGURATION_KEEPS_VERSIONING,
                Behaviour.PAGED_VERSION_LISTING_IS_COMPLETE);
    }
}
