package dev.ddbbackup.verify;

import dev.ddbbackup.state.ItemAtTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counts of differences found so far, with the first few keys of each kind (thread-safe), each also handed to the {@link Findings}. */
final class Differences {

    /** Example keys kept per kind by one comparison. */
    static final int MAX_EXAMPLES = 5;

    private final Findings findings;

    private final AtomicLong missing = new AtomicLong();
    private final AtomicLong extra = new AtomicLong();
    private final AtomicLong differing = new AtomicLong();
    /** Items (and change-log lines) the backup cannot give a state for: a version missing, an unusable image. */
    private final AtomicLong unreadable = new AtomicLong();
    /** By kind, in the order of {@link VerifyCounts#KINDS}. */
    private final Map<String, List<String>> examples = new LinkedHashMap<>();

    Differences(Findings findings) {
        this.findings = findings;
        VerifyCounts.KINDS.forEach(kind -> examples.put(kind, new ArrayList<>()));
    }

    void missing(String key) {
        missing.incrementAndGet();
        example("missing", key);
        findings.missing(key);
    }

    void extra(String key, ItemAtTime.Present backup) {
        extra.incrementAndGet();
        example("extra", key);
        findings.extra(backup);
    }

    void differing(String key, ItemAtTime.Present backup) {
        differing.incrementAndGet();
        example("differing", key);
        findings.differing(backup);
    }

    void unreadable(dev.ddbbackup.backup.BackupProblem problem) {
        unreadable.incrementAndGet();
        example("unreadable", problem.kind().cliName() + "  " + problem);
    }

    private void example(String kind, String key) {
        List<String> some = examples.get(kind);
        synchronized (some) {
            if (some.size() < MAX_EXAMPLES) {
                some.add(key);
            }
        }
    }

    /** The differences found, with the comparison's other counts. */
    VerifyCounts counts(long tableItems, long backupItems, double consumedReadCapacity) {
        return new VerifyCounts(tableItems, backupItems, missing.get(), extra.get(), differing.get(), unreadable.get(),
                examples, consumedReadCapacity);
    }
}
