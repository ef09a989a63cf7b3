package dev.ddbbackup.backfill;

import dev.ddbbackup.s3.S3Writer;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The backfill's write of an item: a PUT made only if the key has no current object
 * ({@code If-None-Match: *}), so a writer that must never hide a newer version loses any race
 * cleanly.
 */
record PutIfAbsent(S3Client s3, S3Writer writer) {

    /**
     * Returns {@code null} when S3 refused with 412 Precondition Failed (the key exists), otherwise
     * the version id (empty on an unversioned bucket).
     */
    String put(String key, byte[] body, Map<String, String> metadata) {
        try {
            String versionId = s3.putObject(writer.jsonPut(key, body).metadata(metadata).ifNoneMatch("*").build(),
                    RequestBody.fromBytes(body)).versionId();
            return versionId == null ? "" : versionId;
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return null;
            }
            throw e;
        }
    }
}
