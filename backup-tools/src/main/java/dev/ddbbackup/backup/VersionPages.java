package dev.ddbbackup.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * Pages through ListObjectVersions the way real S3 defines it: while IsTruncated, ask again from
 * NextKeyMarker and NextVersionIdMarker. Never requests {@code encoding-type=url} (keys come back
 * as they are). Versions and delete markers of one page are handed over together, each key's
 * entries newest first.
 */
public final class VersionPages {

    /** S3's maximum (and default) page size. */
    public static final int PAGE_SIZE = 1000;

    private VersionPages() {
    }

    /** One page: the entries (versions, then delete markers) and the folders under a delimiter. */
    public record Page(List<ListedVersion> entries, List<String> commonPrefixes, boolean truncated) {
    }

    /**
     * Lists every version under {@code prefix}, page by page, until {@code consumer} has seen all
     * of them or returns false. {@code delimiter} may be null.
     */
    public static void forEach(VersionLister lister, String bucket, String prefix, String delimiter,
            PageConsumer consumer) {
        String keyMarker = null;
        String versionIdMarker = null;
        while (true) {
            // A null delimiter or marker is left out of the request; the version marker is set only with a key marker.
            ListObjectVersionsResponse response = lister.list(ListObjectVersionsRequest.builder().bucket(bucket)
                    .prefix(prefix).maxKeys(PAGE_SIZE).delimiter(delimiter).keyMarker(keyMarker)
                    .versionIdMarker(versionIdMarker).build());
            boolean truncated = Boolean.TRUE.equals(response.isTruncated());
            if (!consumer.accept(toPage(response, truncated)) || !truncated) {
                return;
            }
            String nextKey = response.nextKeyMarker();
            String nextVersion = response.nextVersionIdMarker();
            if (nextKey == null || (Objects.equals(nextKey, keyMarker) && Objects.equals(nextVersion, versionIdMarker))) {
                throw new IllegalStateException("ListObjectVersions of s3://" + bucket + "/" + prefix
                        + " is truncated but gives no new NextKeyMarker/NextVersionIdMarker; refusing to loop");
            }
            keyMarker = nextKey;
            versionIdMarker = nextVersion;
        }
    }

    /** Every version and delete marker under {@code prefix}, all pages. */
    public static List<ListedVersion> listAll(VersionLister lister, String bucket, String prefix) {
        List<ListedVersion> all = new ArrayList<>();
        forEach(lister, bucket, prefix, null, page -> {
            all.addAll(page.entries);
            return true;
        });
        return all;
    }

    /** Streams every entry under {@code prefix} into {@code sink}. */
    public static void forEachEntry(VersionLister lister, String bucket, String prefix, Consumer<ListedVersion> sink) {
        forEach(lister, bucket, prefix, null, page -> {
            page.entries.forEach(sink);
            return true;
        });
    }

    private static Page toPage(ListObjectVersionsResponse r, boolean truncated) {
        List<ListedVersion> entries = new ArrayList<>(r.versions().size() + r.deleteMarkers().size());
        for (ObjectVersion v : r.versions()) {
            entries.add(new ListedVersion(v.key(), v.versionId(), false, Boolean.TRUE.equals(v.isLatest()),
                    v.lastModified(), v.size() == null ? -1 : v.size()));
        }
        for (DeleteMarkerEntry d : r.deleteMarkers()) {
            entries.add(new ListedVersion(d.key(), d.versionId(), true, Boolean.TRUE.equals(d.isLatest()),
                    d.lastModified(), -1));
        }
        List<String> prefixes = new ArrayList<>(r.commonPrefixes().size());
        for (CommonPrefix p : r.commonPrefixes()) {
            prefixes.add(p.prefix());
        }
        return new Page(entries, prefixes, truncated);
    }

    /** Receives pages; returns false to stop listing. */
    @FunctionalInterface
    public interface PageConsumer {
        boolean accept(Page page);
    }
}
