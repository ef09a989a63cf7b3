package dev.ddbbackup.layout;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * The user metadata on every item version: the stream's facts about the change that wrote it
 * ({@code x-amz-meta-event-name} and so on). Part of the backup contract: written by the function
 * and the backfill tool, read by the restore tools.
 */
public final class VersionMetadata {

    public static final String EVENT_NAME = "event-name";
    public static final String EVENT_ID = "event-id";
    public static final String SEQUENCE_NUMBER = "sequence-number";
    public static final String APPROXIMATE_CREATION_TIME = "approximate-creation-time";

    private VersionMetadata() {
    }

    public static Map<String, String> of(String eventName, String eventId, String sequenceNumber,
            Instant approximateCreationTime) {
        Map<String, String> m = new HashMap<>(8);
        m.put(EVENT_NAME, eventName);
        m.put(EVENT_ID, eventId);
        m.put(SEQUENCE_NUMBER, sequenceNumber);
        // Second precision, as the layout documents (the stream's time is approximate anyway).
        m.put(APPROXIMATE_CREATION_TIME, approximateCreationTime.truncatedTo(ChronoUnit.SECONDS).toString());
        return m;
    }
}
