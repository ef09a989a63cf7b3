package dev.ddbbackup.backfill;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * What an object key's history in the versioned bucket holds: whether it has any version or
 * delete marker, and whether a version just written is the key's first entry.
 *
 * <p>ListObjectVersions with {@code prefix} = the key answers both: S3 lists keys in UTF-8 binary
 * order, and a key sorts before every longer key it is a prefix of, so the exact key's entries come
 * first (across pages when it has more than a page of them). Only an exact key match counts
 * ({@code a} is a prefix of {@code a|b} under plain-text names). No URL encoding type is requested:
 * keys come back as is. A key's versions are listed "in the order in which they were stored, with
 * the most recently stored returned first" (S3's ListObjectVersions), and S3 lists consistently
 * right after a write.
 */
record ExistingVersions(S3Client s3, String bucket) {

    /** The entries of one key, versions newest first, and the delete markers. */
    private static final class History {
        final List<ObjectVersion> versions = new ArrayList<>();
        final List<DeleteMarkerEntry> markers = new ArrayList<>();
    }

    boolean hasAny(String key) {
        ListObjectVersionsResponse page = s3.listObjectVersions(b -> b.bucket(bucket).prefix(key).maxKeys(1000));
        return page.versions().stream().anyMatch(v -> v.key().equals(key))
                || page.deleteMarkers().stream().anyMatch(d -> d.key().equals(key));
    }

    /**
     * Whether the version {@code versionId} just written to {@code key} is the key's first entry,
     * or at least nothing provably older than it is there: a version listed after it, or a delete
     * marker that is not newer. Which entries are newer is read from the listing: versions in
     * their order; a delete marker is newer when it is the latest, older when our version is the
     * latest, and otherwise compared by LastModified (not later counts as older, so a doubt never
     * keeps a version that may hide a streamed change). False too when our version is not listed.
     */
    boolean isFirstEntry(String key, String versionId) {
        History history = history(key);
        // Version ids are unique: ours is the first entry only when it is listed last (oldest).
        if (history.versions.isEmpty()) {
            return false;
        }
        ObjectVersion mine = history.versions.get(history.versions.size() - 1);
        if (!versionId.equals(mine.versionId())) {
            return false;
        }
        for (DeleteMarkerEntry marker : history.markers) {
            if (!newer(marker, mine)) {
                return false;
            }
        }
        return true;
    }

    private static boolean newer(DeleteMarkerEntry marker, ObjectVersion mine) {
        if (Boolean.TRUE.equals(mine.isLatest())) {
            return false;
        }
        if (Boolean.TRUE.equals(marker.isLatest())) {
            return true;
        }
        Instant markerTime = marker.lastModified();
        return markerTime != null && mine.lastModified() != null && markerTime.isAfter(mine.lastModified());
    }

    private History history(String key) {
        History history = new History();
        String keyMarker = null;
        String versionMarker = null;
        while (true) {
            String k = keyMarker;
            String v = versionMarker;
            ListObjectVersionsResponse page = s3.listObjectVersions(b -> b.bucket(bucket).prefix(key).maxKeys(1000)
                    .keyMarker(k).versionIdMarker(v));
            page.versions().stream().filter(e -> e.key().equals(key)).forEach(history.versions::add);
            page.deleteMarkers().stream().filter(e -> e.key().equals(key)).forEach(history.markers::add);
            // The key's entries come first; once a page ends past it, nothing more of it follows.
            if (!Boolean.TRUE.equals(page.isTruncated()) || !key.equals(page.nextKeyMarker())) {
                return history;
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
    }
}
