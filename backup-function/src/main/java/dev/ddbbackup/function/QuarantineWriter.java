package dev.ddbbackup.function;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ddbbackup.aws.Deadline;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLayout;
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
record QuarantineWriter(S3Writer s3, BackupLayout layout) {

    /**
     * Writes the file and returns its object key; {@code record} is null when the batch held a null.
     * The PUT ends by {@code deadline}.
     */
    String write(String table, String name, String reason, DynamodbStreamRecord record, Deadline deadline) {
        String key = layout.quarantineKey(table, name);
        s3.putJson(key, render(reason, record), null, deadline, null);
        return key;
    }

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
                RecordJson.write(g, record);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
