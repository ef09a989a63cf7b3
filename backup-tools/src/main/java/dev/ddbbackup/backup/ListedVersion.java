package dev.ddbbackup.backup;

import java.time.Instant;

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

    @Override
    public String toString() {
        return (deleteMarker ? "DEL " : "PUT ") + key + "@" + versionId + " " + lastModified + (latest ? " (latest)" : "");
    }
}
