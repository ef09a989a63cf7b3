package dev.ddbbackup.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One object version or delete marker as ListObjectVersions returned it. */
public final class ListedVersion {

    public final String key;
    public final String versionId;
    public final boolean deleteMarker;
    public final boolean latest;
    public final Instant lastModified;
    /** Bytes; -1 for a delete marker. */
    public final long size;

    public ListedVersion(String key, String versionId, boolean deleteMarker, boolean latest, Instant lastModified, long size) {
        this.key = key;
        this.versionId = versionId;
        this.deleteMarker = deleteMarker;
        this.latest = latest;
        this.lastModified = lastModified;
        this.size = size;
    }

    /**
     * S3 returns each key's versions and markers interleaved newest first, but the SDK splits
     * them into two lists. Re-interleave by LastModified (stable: a version and a marker with the
     * same LastModified keep "version older than marker"), and the latest entry goes first.
     */
    static List<ListedVersion> newestFirstPerKey(List<ListedVersion> versions) {
        List<ListedVersion> out = new ArrayList<>(versions);
        out.sort((a, b) -> {
            int c = a.key.compareTo(b.key);
            if (c != 0) {
                return c;
            }
            if (a.latest != b.latest) {
                return a.latest ? -1 : 1;
            }
            c = b.lastModified.compareTo(a.lastModified);
            if (c != 0) {
                return c;
            }
            return Boolean.compare(b.deleteMarker, a.deleteMarker);
        });
        return out;
    }

    @Override
    public String toString() {
        return (deleteMarker ? "DEL " : "PUT ") + key + "@" + versionId + " " + lastModified + (latest ? " (latest)" : "");
    }
}
