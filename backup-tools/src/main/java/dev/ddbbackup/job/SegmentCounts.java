package dev.ddbbackup.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A job's counts for some partitions, as one worker invocation reports them and the merge adds
 * them up: one typed record per job kind, added field by field ({@link #plus}), so the merged
 * report is the sum of what each partition's worker counted, never a sum of whatever numbers a
 * JSON object happened to hold. A kind's record may be the very counts its engine's local report
 * holds ({@code restore.RestoreCounts}, {@code verify.VerifyCounts}), so it lives beside the job
 * model, below the engines; the fan-out reads each kind's back ({@code fanout.SegmentReport}).
 */
public interface SegmentCounts {

    /** These counts and {@code other}'s (of the same job kind) together. */
    SegmentCounts plus(SegmentCounts other);

    ObjectNode toJson();

    /** The lists of two parts, one after the other (problems, items left out, files). */
    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
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
            for (String name : text.asText().split(", ")) {
                names.add(name);
            }
        }
        return names;
    }
}
