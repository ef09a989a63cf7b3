package dev.ddbbackup.backup;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;

/**
 * The user metadata the backup function puts on every item version ({@code event-name},
 * {@code event-id}, {@code sequence-number}, {@code approximate-creation-time}); absent on
 * versions written by the original Node.js tool.
 */
final class VersionMetadata {

    final String eventName;
    final String eventId;
    final BigInteger sequence;
    final Instant time;

    private VersionMetadata(String eventName, String eventId, BigInteger sequence, Instant time) {
        this.eventName = eventName;
        this.eventId = eventId;
        this.sequence = sequence;
        this.time = time;
    }

    /** The metadata, or null when the version does not carry a usable time and sequence number. */
    static VersionMetadata of(Map<String, String> metadata) {
        String seq = metadata.get("sequence-number");
        String time = metadata.get("approximate-creation-time");
        if (seq == null || time == null) {
            return null;
        }
        try {
            return new VersionMetadata(metadata.get("event-name"), metadata.get("event-id"), new BigInteger(seq.strip()),
                    Instant.parse(time.strip()));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
