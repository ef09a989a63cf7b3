package dev.ddbbackup.function;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ddbbackup.aws.Deadline;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.s3.S3Writer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Keeps a record that cannot be backed up as designed under
 * {@code {prefix}/{table}/_quarantine/{eventID}.json}, with the reason, so the shard goes on and
 * nothing is silently dropped. A failure to write the quarantine file fails the record instead.
 */
record QuarantineWriter(S3Writer s3, BackupLayout layout, JsonLog log) {

    /**
     * A record that cannot be backed up as designed, to be written to {@code _quarantine/}.
     *
     * @param table null when the record names none
     */
    record Quarantined(DeliveredBatch.Delivered delivered, String table, String reason, String name) {

        /** A null in the batch: the Lambda runtime hands a JSON null (or an empty array) in Records over as null. */
        static Quarantined nullRecord(DeliveredBatch.Delivered delivered, String batchTable, String invocationId) {
            int i = delivered.index();
            return new Quarantined(delivered, batchTable, "record " + i + " of the batch is null, not a stream record",
                    invocationId + "-record-" + i);
        }

        /** A record the parser rejected. */
        static Quarantined invalid(DeliveredBatch.Delivered delivered, InvalidRecordException e) {
            return new Quarantined(delivered, delivered.table(), e.getMessage(), name(delivered));
        }

        /** The quarantine file's name: the event id, else the sequence number, else the record's place. */
        static String name(DeliveredBatch.Delivered delivered) {
            DynamodbStreamRecord record = delivered.record();
            return record.getEventID() != null && !record.getEventID().isEmpty() ? record.getEventID()
                    : delivered.sequence() != null ? "seq-" + delivered.sequence()
                    : "record-" + delivered.index() + "-" + System.nanoTime();
        }
    }

    /** Writes the file (the PUT ends by {@code deadline}), logs the record as quarantined and returns the file's key. */
    String write(Quarantined q, Deadline deadline) {
        DynamodbStreamRecord record = q.delivered().record();
        String key = layout.quarantineKey(q.table() == null ? BatchProcessor.UNKNOWN_TABLE : q.table(), q.name());
        s3.putJson(key, render(q.reason(), record), null, deadline, null);
        log.error("Record quarantined: it cannot be backed up as designed", "index", q.delivered().index(),
                "eventID", record == null ? null : record.getEventID(), "reason", q.reason(), "quarantineKey", key);
        return key;
    }

    /** The file: {@code record} is null when the batch held a null. */
    static byte[] render(String reason, DynamodbStreamRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = DynamoJson.factory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("eventID", record == null ? null : record.getEventID());
            g.writeStringField("reason", reason);
            g.writeStringField("quarantinedAt", Instant.now().toString());
            g.writeFieldName("record");
            if (record == null) {
                g.writeNull();
            } else {
                StreamRecords.write(g, record);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
