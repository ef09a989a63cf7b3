package dev.ddbbackup.layout;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * The user metadata on every item version: the stream's facts about the change that wrote it
 * ({@code x-amz-meta-event-name} and so on). Part of the backup contract: written by the function
 * and the backfill tool ({@link #of(String, String, String, Instant)}), read by the restore tools
 * ({@link #of(Map)}); absent on versions written by the original Node.js tool.
 */
public final class VersionMetadata {

    public static final String EVENT_NAME = "event-name";
    public static final String EVENT_ID = "event-id";
    public static final String SEQUENCE_NUMBER = "sequence-number";
    public static final String APPROXIMATE_CREATION_TIME = "approximate-creation-time";

    public final String eventName;
    public final String eventId;
    public final BigInteger sequence;
    public final Instant time;

    private VersionMetadata(String eventName, String eventId, BigInteger sequence, Instant time) {
        this.eventName = eventName;
        this.eventId = eventId;
        this.sequence = sequence;
        this.time = time;
    }

    /** The metadata to write on a version. */
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

    /** The metadata read from a version, or null when it does not carry a usable time and sequence number. */
    public static VersionMetadata of(Map<String, String> metadata) {
        String seq = metadata.get(SEQUENCE_NUMBER);
        String time = metadata.get(APPROXIMATE_CREATION_TIME);
        if (seq == null || time == null) {
            return null;
        }
        try {
            return new VersionMetadata(metadata.get(EVENT_NAME), metadata.get(EVENT_ID), new BigInteger(seq.strip()),
                    Instant.parse(time.strip()));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
