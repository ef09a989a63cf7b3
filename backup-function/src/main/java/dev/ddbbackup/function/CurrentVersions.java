package dev.ddbbackup.function;

import dev.ddbbackup.aws.Deadline;
import dev.ddbbackup.dispatch.OrderedDispatcher;
import dev.ddbbackup.dispatch.OrderedDispatcher.Outcome;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.s3.S3Writer;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Makes sure that the current version of every object a retried write touched is the object's
 * newest change, before the batch reports the key done.
 *
 * <p>Why: a write the SDK retried may have had an attempt abandoned (the attempt timeout) that the
 * server still completes, later, after the key's newer writes: the object's current version is
 * then an older change. Restores stay exact (they follow the change log), but whoever reads the
 * bucket's current objects (people, Athena, other tools) would see a stale item. So for each such
 * object, once every item write of the batch has ended (which gives an abandoned attempt the most
 * time to land), the current version is listed and compared with the version the newest change
 * was written as (what the change log records); if they differ, the newest change is written
 * again, and checked again. A write answered at its first attempt costs nothing here: a batch
 * without retries sends no extra request.
 *
 * <p>Limit: an abandoned attempt the server completes after this check is not seen. When the
 * check cannot be made sure of (errors, time), the key's newest change is reported to Lambda,
 * which delivers it again and so writes it again.
 */
record CurrentVersions(ItemWriter items, S3Writer s3, OrderedDispatcher dispatcher, JsonLog log) {

    /** Checks (and re-writes) per object before giving up on it. */
    private static final int ROUNDS = 3;

    /**
     * What the check found: the objects checked, the re-writes it made, and the sequence numbers
     * to report to Lambda (the newest change of each object it could not make sure of).
     */
    record Checked(int objects, int rewrites, Set<BigInteger> unsure) {
        static final Checked NONE = new Checked(0, 0, Set.of());
    }

    /**
     * Checks every object among {@code written} that a retried write touched; {@code mayStart} says
     * whether there is time left to start another check.
     */
    Checked ensure(List<ItemWriter.Written> written, Deadline deadline, BooleanSupplier mayStart) {
        Map<String, List<ItemWriter.Written>> toCheck = newestOfRetriedObjects(written);
        if (toCheck.isEmpty()) {
            return Checked.NONE;
        }
        Map<String, Outcome<ItemWriter.Written, Integer>> outcomes =
                dispatcher.run(toCheck, w -> ensureCurrent(w, deadline), mayStart);
        int rewrites = 0;
        Set<BigInteger> unsure = new TreeSet<>();
        for (Outcome<ItemWriter.Written, Integer> outcome : outcomes.values()) {
            rewrites += outcome.results().stream().mapToInt(Integer::intValue).sum();
            if (outcome.failed()) {
                ItemWriter.Written newest = outcome.failedItem();
                unsure.add(new BigInteger(newest.change().sequenceNumber()));
                log.error("The current version could not be made sure of after a retried write; the key's newest"
                        + " change will be delivered again", "objectKey", newest.entry().objectKey(),
                        "sequenceNumber", newest.change().sequenceNumber(), "error", outcome.error());
            }
        }
        return new Checked(toCheck.size(), rewrites, unsure);
    }

    /**
     * Per object that a retried write touched, its newest write in the batch (a key's writes ran in
     * stream order, so the one with the highest sequence number); none on an unversioned bucket.
     */
    private static Map<String, List<ItemWriter.Written>> newestOfRetriedObjects(List<ItemWriter.Written> written) {
        Map<String, ItemWriter.Written> newest = new LinkedHashMap<>();
        Set<String> retried = new LinkedHashSet<>();
        for (ItemWriter.Written w : written) {
            String key = w.entry().objectKey();
            if (w.retried()) {
                retried.add(key);
            }
            newest.merge(key, w, (a, b) -> b.entry().sequence().compareTo(a.entry().sequence()) > 0 ? b : a);
        }
        Map<String, List<ItemWriter.Written>> out = new LinkedHashMap<>();
        for (String key : retried) {
            ItemWriter.Written w = newest.get(key);
            if (w.entry().versionId() != null) {
                out.put(key, List.of(w));
            }
        }
        return out;
    }

    /** Makes the newest change current; returns the re-writes it took, throws when it cannot. */
    private int ensureCurrent(ItemWriter.Written newest, Deadline deadline) {
        String key = newest.entry().objectKey();
        String expected = newest.entry().versionId();
        int rewrites = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Optional<S3Writer.CurrentVersion> current = s3.currentVersion(key, deadline);
            if (isNewest(newest, expected, current)) {
                return rewrites;
            }
            log.warn("The current version is not the newest change (an abandoned attempt completed late);"
                    + " writing the newest change again", "objectKey", key, "sequenceNumber",
                    newest.change().sequenceNumber(), "currentVersionId",
                    current.map(S3Writer.CurrentVersion::versionId).orElse(null), "expectedVersionId", expected);
            expected = items.rewrite(newest, deadline).versionId();
            rewrites++;
        }
        if (isNewest(newest, expected, s3.currentVersion(key, deadline))) {
            return rewrites;
        }
        throw new IllegalStateException("the current version of " + key + " is still not its newest change after "
                + ROUNDS + " re-writes");
    }

    /**
     * A PUT is current when its own version is (the one the change log records, or its re-write's);
     * a DELETE when the key is absent: any delete marker on top says the same (and some servers
     * answer a DELETE with another id than its marker's: docs/TESTING.md, S3Mock).
     */
    private static boolean isNewest(ItemWriter.Written newest, String expected,
            Optional<S3Writer.CurrentVersion> current) {
        if (newest.entry().action() == ChangeLogEntry.Action.DELETE) {
            return current.isEmpty() || current.get().deleteMarker();
        }
        return current.isPresent() && !current.get().deleteMarker() && Objects.equals(current.get().versionId(), expected);
    }
}
