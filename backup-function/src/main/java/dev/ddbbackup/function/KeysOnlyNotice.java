package dev.ddbbackup.function;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import dev.ddbbackup.observability.JsonLog;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Names the misconfiguration behind a KEYS_ONLY stream once per container: every record of such a
 * stream is quarantined, and one ERROR saying why is worth more than one per record.
 */
final class KeysOnlyNotice {

    private final JsonLog log;
    private final AtomicBoolean reported = new AtomicBoolean();

    KeysOnlyNotice(JsonLog log) {
        this.log = log;
    }

    /** Called for a record that could not be backed up. */
    void note(DynamodbStreamRecord record) {
        if (record.getDynamodb() != null && "KEYS_ONLY".equals(record.getDynamodb().getStreamViewType())
                && reported.compareAndSet(false, true)) {
            log.error("Misconfiguration: the stream's view type is KEYS_ONLY, so items cannot be backed up;"
                    + " enable NEW_AND_OLD_IMAGES on the table's stream", "eventSourceARN", record.getEventSourceARN());
        }
    }
}
