package dev.ddbbackup.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.testing.LocalS3;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reads back what the handler wrote to a bucket (versions oldest first, their metadata, the
 * change logs) and checks it against the stream records that were delivered.
 */
record BackupBucket(S3Client s3, String bucket, BackupLayout layout) {

    /** One write the records call for: the PUT of a record's NewImage, or (image null) a DELETE. */
    record Write(DynamodbStreamRecord record, String image) {
        Write(DynamodbStreamRecord record) {
            this(record, record.getDynamodb().getNewImage() == null ? null
                    : DynamoJson.eventItemToJson(record.getDynamodb().getNewImage()));
        }
    }

    /** One PUT version as stored. */
    record Put(String versionId, String body, Map<String, String> metadata) {
    }

    BackupBucket(S3Client s3, String bucket, String prefix) {
        this(s3, bucket, BackupLayout.withPrefix(prefix));
    }

    /** The MD5-named object of a record's item (no multi-tenancy). */
    String objectKey(DynamodbStreamRecord record) {
        return layout.objectKey(table(record), null, DynamoJson.eventKey(record.getDynamodb().getKeys()).md5Hex());
    }

    static String table(DynamodbStreamRecord record) {
        return dev.ddbbackup.layout.TableArn.tableName(record.getEventSourceARN());
    }

    /** The writes the records call for, per object key, in stream order. */
    Map<String, List<Write>> expectedWrites(List<DynamodbStreamRecord> records) {
        Map<String, List<Write>> writes = new LinkedHashMap<>();
        for (DynamodbStreamRecord r : records) {
            writes.computeIfAbsent(objectKey(r), k -> new ArrayList<>()).add(new Write(r));
        }
        return writes;
    }

    /** A key's history from one listing: PUT versions oldest first (body, metadata) and delete markers. */
    final class History {
        final List<Put> puts = new ArrayList<>();
        final long deleteMarkers;
        final boolean endsDeleted;

        private History(String key) {
            List<LocalS3.Version> versions = LocalS3.versions(s3, bucket, key);
            for (LocalS3.Version v : versions) {
                if (!v.deleteMarker()) {
                    var object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(v.versionId()));
                    puts.add(new Put(v.versionId(), object.asUtf8String(), object.response().metadata()));
                }
            }
            Collections.reverse(puts);
            deleteMarkers = versions.stream().filter(v -> v.deleteMarker()).count();
            endsDeleted = versions.stream().anyMatch(v -> v.deleteMarker() && v.latest());
        }
    }

    History history(String key) {
        return new History(key);
    }

    /** The PUT versions of a key, oldest first, with body and user metadata. */
    List<Put> puts(String key) {
        return history(key).puts;
    }

    long deleteMarkers(String key) {
        return history(key).deleteMarkers;
    }

    boolean latestIsDeleteMarker(String key) {
        return history(key).endsDeleted;
    }

    List<String> changeLogKeys(String table) {
        return LocalS3.keysUnder(s3, bucket, layout.changeLogRoot(table));
    }

    /** Every line of every change log of the table, in stream order (as a restore reads them). */
    List<ChangeLogEntry> changeLog(String table) {
        List<ChangeLogEntry> entries = new ArrayList<>();
        for (String key : changeLogKeys(table)) {
            for (String line : LocalS3.latestBody(s3, bucket, key).split("\n")) {
                entries.add(ChangeLogEntry.parse(line));
            }
        }
        entries.sort(Comparator.comparing(ChangeLogEntry::sequence));
        return entries;
    }

    /**
     * Exactly the history the records call for, per key: one PUT version per INSERT/MODIFY in
     * stream order (body = NewImage, metadata = the record's facts), a delete marker per REMOVE,
     * and a delete marker on top when the last change was a REMOVE.
     */
    void assertExactHistory(List<DynamodbStreamRecord> records) {
        expectedWrites(records).forEach((key, writes) -> {
            List<Write> expectedPuts = writes.stream().filter(w -> w.image() != null).toList();
            History history = history(key);
            List<Put> puts = history.puts;
            assertThat(puts).as("PUT versions of %s", key).hasSameSizeAs(expectedPuts);
            for (int i = 0; i < puts.size(); i++) {
                Put put = puts.get(i);
                DynamodbStreamRecord record = expectedPuts.get(i).record();
                assertThat(put.body()).as("version %d of %s", i, key).isEqualTo(expectedPuts.get(i).image());
                assertThat(put.metadata()).as("metadata of version %d of %s", i, key)
                        .containsEntry("event-name", record.getEventName())
                        .containsEntry("event-id", record.getEventID())
                        .containsEntry("sequence-number", record.getDynamodb().getSequenceNumber())
                        .containsEntry("approximate-creation-time",
                                record.getDynamodb().getApproximateCreationDateTime().toInstant()
                                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            }
            assertThat(history.deleteMarkers).as("delete markers of %s", key)
                    .isEqualTo(writes.size() - expectedPuts.size());
            assertThat(history.endsDeleted).as("%s ends deleted", key)
                    .isEqualTo(writes.get(writes.size() - 1).image() == null);
        });
    }

    /**
     * The state after failures and re-deliveries: re-delivery may write a record again, so each
     * key's PUT versions must contain the expected images as an ordered subsequence, hold nothing
     * else, and end with the key's last change; every record is in some change log.
     */
    void assertCompleteAndOrdered(List<DynamodbStreamRecord> records) {
        expectedWrites(records).forEach((key, writes) -> {
            List<String> expected = writes.stream().filter(w -> w.image() != null).map(w -> w.image()).toList();
            History history = history(key);
            List<String> bodies = history.puts.stream().map(p -> p.body()).toList();
            assertThat(expected).as("images of %s", key).containsAll(bodies);
            assertThat(bodies).as("history of %s", key).containsSubsequence(expected);
            Write last = writes.get(writes.size() - 1);
            assertThat(history.endsDeleted).as("%s ends deleted", key).isEqualTo(last.image() == null);
            if (last.image() != null) {
                assertThat(bodies.get(bodies.size() - 1)).as("latest of %s", key).isEqualTo(last.image());
            }
        });
        Set<String> logged = new LinkedHashSet<>();
        for (DynamodbStreamRecord r : records) {
            changeLog(table(r)).forEach(e -> logged.add(e.eventId()));
        }
        assertThat(logged).containsAll(records.stream().map(DynamodbStreamRecord::getEventID).toList());
    }
}
