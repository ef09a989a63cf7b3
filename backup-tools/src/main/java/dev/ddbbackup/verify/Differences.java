package dev.ddbbackup.verify;

import dev.ddbbackup.state.ItemAtTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Counts of differences found so far, with the first few keys of each kind (thread-safe), each also handed to the {@link Findings}. */
final class Differences {

    private final Findings findings;

    final AtomicLong missing = new AtomicLong();
    final AtomicLong extra = new AtomicLong();
    final AtomicLong differing = new AtomicLong();
    /** Items (and change-log lines) the backup cannot give a state for: a version missing, an unusable image. */
    final AtomicLong unreadable = new AtomicLong();
    final List<String> unreadableExamples = new ArrayList<>();
    final List<String> missingExamples = new ArrayList<>();
    final List<String> extraExamples = new ArrayList<>();
    final List<String> differingExamples = new ArrayList<>();

    Differences(Findings findings) {
        this.findings = findings;
    }

    void missing(String key) {
        missing.incrementAndGet();
        example(missingExamples, key);
        findings.missing(key);
    }

    void extra(String key, ItemAtTime.Present backup) {
        extra.incrementAndGet();
        example(extraExamples, key);
        findings.extra(backup);
    }

    void differing(String key, ItemAtTime.Present backup) {
        differing.incrementAndGet();
        example(differingExamples, key);
        findings.differing(backup);
    }

    void unreadable(dev.ddbbackup.backup.BackupProblem problem) {
        unreadable.incrementAndGet();
        example(unreadableExamples, problem.kind().cliName() + "  " + problem);
    }

    private static void example(List<String> examples, String key) {
        synchronized (examples) {
            if (examples.size() < VerifyReport.MAX_EXAMPLES) {
                examples.add(key);
            }
        }
    }
}
