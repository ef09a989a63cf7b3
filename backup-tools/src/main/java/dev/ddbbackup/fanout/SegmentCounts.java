package dev.ddbbackup.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.job.JobKind;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A job's counts for some partitions, as one worker invocation reports them and the merge adds
 * them up: one typed record per job kind, added field by field ({@link #plus}), so the merged
 * report is the sum of what each partition's worker counted, never a sum of whatever numbers a
 * JSON object happened to hold.
 */
public sealed interface SegmentCounts permits ChangesCounts, RestoreCounts, RevertCounts, SnapshotCounts, VerifyCounts {

    /** These counts and {@code other}'s (of the same job kind) together. */
    SegmentCounts plus(SegmentCounts other);

    ObjectNode toJson();

    /** Nothing counted yet. */
    static SegmentCounts zero(JobKind kind) {
        return switch (kind) {
            case RESTORE -> RestoreCounts.ZERO;
            case REVERT -> RevertCounts.ZERO;
            case CHANGES -> ChangesCounts.ZERO;
            case SNAPSHOT -> SnapshotCounts.ZERO;
            case VERIFY -> VerifyCounts.ZERO;
        };
    }

    static SegmentCounts fromJson(JobKind kind, JsonNode n) {
        return switch (kind) {
            case RESTORE -> RestoreCounts.fromJson(n);
            case REVERT -> RevertCounts.fromJson(n);
            case CHANGES -> ChangesCounts.fromJson(n);
            case SNAPSHOT -> SnapshotCounts.fromJson(n);
            case VERIFY -> VerifyCounts.fromJson(n);
        };
    }

    /** The lists of two parts, one after the other (problems, items left out). */
    static <T> List<T> concat(List<T> a, List<T> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    /** Names met by any of the parts (time sources: each worker resolves its own), joined for people. */
    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    static Set<String> names(JsonNode text) {
        Set<String> names = new TreeSet<>();
        if (text != null && text.isTextual() && !text.asText().isEmpty()) {
            names.addAll(List.of(text.asText().split(", ")));
        }
        return names;
    }
}
