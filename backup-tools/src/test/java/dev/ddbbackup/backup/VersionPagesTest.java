package dev.ddbbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * The pagination loop against recorded real-S3-shaped pages. S3Mock cannot serve this test: it
 * loses versions past the first page (1,401 versions under max-keys 1000 came back as 1,002 with
 * IsTruncated=false), so the pages here follow the S3 API reference: a page may end in the middle
 * of one key's versions, and the next request passes NextKeyMarker and NextVersionIdMarker.
 */
class VersionPagesTest {

    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void followsKeyAndVersionIdMarkersAcrossPagesThatSplitAKey() {
        List<ListObjectVersionsRequest> requests = new ArrayList<>();
        VersionLister lister = request -> {
            requests.add(request);
            if (request.keyMarker() == null) {
                return ListObjectVersionsResponse.builder().isTruncated(true)
                        .versions(version("t/a", "v3", true), version("t/a", "v2", false))
                        .nextKeyMarker("t/a").nextVersionIdMarker("v2").build();
            }
            if (request.keyMarker().equals("t/a") && "v2".equals(request.versionIdMarker())) {
                return ListObjectVersionsResponse.builder().isTruncated(true)
                        .versions(version("t/a", "v1", false))
                        .deleteMarkers(DeleteMarkerEntry.builder().key("t/b").versionId("d1").isLatest(true).lastModified(T).build())
                        .nextKeyMarker("t/b").nextVersionIdMarker("d1").build();
            }
            if (request.keyMarker().equals("t/b") && "d1".equals(request.versionIdMarker())) {
                return ListObjectVersionsResponse.builder().isTruncated(false)
                        .versions(version("t/b", "v0", false)).build();
            }
            throw new AssertionError("unexpected request " + request);
        };
        List<ListedVersion> all = VersionPages.listAll(lister, "bucket", "t/");
        assertThat(all).extracting(v -> v.key + "@" + v.versionId)
                .containsExactly("t/a@v3", "t/a@v2", "t/a@v1", "t/b@d1", "t/b@v0");
        assertThat(all.get(3).deleteMarker).isTrue();
        assertThat(requests).hasSize(3);
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.maxKeys()).isEqualTo(1000);
            assertThat(r.encodingTypeAsString()).isNull();
            assertThat(r.prefix()).isEqualTo("t/");
        });
    }

    @Test
    void refusesToLoopWhenATruncatedPageGivesNoNewMarker() {
        VersionLister lister = request -> ListObjectVersionsResponse.builder().isTruncated(true)
                .versions(version("t/a", "v1", true)).build();
        assertThatThrownBy(() -> VersionPages.listAll(lister, "bucket", "t/"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("refusing to loop");
    }

    private static ObjectVersion version(String key, String id, boolean latest) {
        return ObjectVersion.builder().key(key).versionId(id).isLatest(latest).lastModified(T).size(10L).build();
    }
}
