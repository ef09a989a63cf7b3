package dev.ddbbackup.backup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads the image a PUT change points at (the one its line carries in log mode; otherwise a GET by
 * version id, the other deliveries' versions standing in when it is gone) and checks it ({@link ImageCheck}): what restore, snapshot and
 * verify write or compare, and history shows.
 *
 * @param backupKeySchema the key schema of the backup's {@code _table.json}, or null
 */
record ImageReader(BackupReader reader, TimelineSource source, ReadCounters counters,
        Supplier<KeySchema> backupKeySchema) {

    /**
     * The DynamoDB JSON image a PUT change points at, unchecked.
     *
     * @throws BackupDataException when the version is not in the bucket
     */
    byte[] image(Change change) {
        if (!change.isPut() || (change.versionId() == null && change.image() == null)) {
            throw new IllegalArgumentException("Only a PUT change has an image: " + change);
        }
        if (change.image() != null) {
            // Log mode: the change's line (or the checkpoint entry built from it) carries the image.
            return change.image().getBytes(StandardCharsets.UTF_8);
        }
        if (change.imageMissing()) {
            throw new BackupDataException(missing(change));
        }
        List<String> candidates = new ArrayList<>();
        candidates.add(change.versionId());
        candidates.addAll(change.otherVersionIds());
        for (String versionId : candidates) {
            try {
                return reader.s3.getObjectAsBytes(b -> b.bucket(reader.bucket).key(change.objectKey())
                        .versionId(versionId)).asByteArray();
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw e;
                }
            }
        }
        if (!source.listsVersions()) {
            // A listed source counted it while building its timelines; a named one learns it only now.
            counters.loggedVersionsMissing.incrementAndGet();
        }
        throw new BackupDataException(source.imageNotFound(reader.bucket, change));
    }

    /**
     * The image of a PUT change, read and checked: DynamoDB JSON, with the key its object is named
     * after (by the backup's {@code _table.json}, else the change log's key, else {@code fallback}),
     * every delivery of the change the same size. Problems come back in the result, never thrown,
     * except S3 failures other than a missing version (those are not the data's fault).
     */
    CheckedImage checkedImage(ItemTimeline item, Change put, KeySchema fallback) {
        if (put.imageMissing()) {
            return CheckedImage.unusable(put, missing(put));
        }
        if (put.deliveriesDiffer() != null) {
            return CheckedImage.unusable(put, bad(put, put.deliveriesDiffer()));
        }
        byte[] bytes;
        try {
            bytes = image(put);
        } catch (BackupDataException e) {
            return CheckedImage.unusable(put, e.problems().get(0));
        }
        String differ = source.listsVersions() ? null : deliveriesDiffer(put, bytes.length);
        if (differ != null) {
            return CheckedImage.unusable(put, bad(put, differ));
        }
        ImageCheck.Result r = ImageCheck.check(bytes, BackupCatalog.itemName(put.objectKey()), item.key(),
                backupKeySchema.get(), fallback);
        if (r.problem() != null) {
            return CheckedImage.unusable(put, bad(put, r.problem()));
        }
        return new CheckedImage(put, r.image(), r.key(), null);
    }

    private BackupProblem bad(Change put, String why) {
        return BackupProblem.version(BackupProblem.Kind.BAD_OBJECT, reader.bucket, put.objectKey(), put.versionId(), why);
    }

    private BackupProblem missing(Change put) {
        return BackupProblem.version(BackupProblem.Kind.MISSING_VERSION, reader.bucket, put.objectKey(), put.versionId(),
                "the change log names this version (event " + put.eventId() + " at " + put.time()
                        + "), the bucket does not hold it");
    }

    /**
     * Without a listing the sizes of a change's deliveries are unknown: HEAD the others and compare
     * them with the image read, as {@link TimelineBuilder} does with listed sizes. Null when they agree.
     */
    private String deliveriesDiffer(Change put, long imageBytes) {
        if (put.otherVersionIds().isEmpty()) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        boolean differ = false;
        for (String versionId : put.otherVersionIds()) {
            long size;
            try {
                counters.heads.incrementAndGet();
                size = reader.s3.headObject(b -> b.bucket(reader.bucket).key(put.objectKey()).versionId(versionId))
                        .contentLength();
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    continue;
                }
                throw e;
            }
            s.append(' ').append(versionId).append(" (").append(size).append(" bytes)");
            differ |= size != imageBytes;
        }
        return differ ? "the deliveries of event " + put.eventId() + " hold different images: " + imageBytes
                + " bytes read, and" + s : null;
    }
}
