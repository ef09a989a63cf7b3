package dev.ddbbackup.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Counts of differences found so far, with the first few keys of each kind (thread-safe). */
final class Differences {

    final AtomicLong missing = new AtomicLong();
    final AtomicLong extra = new AtomicLong();
    final AtomicLong differing = new AtomicLong();
    /** Items (and change-log lines) the backup cannot give a state for: a version missing, an unusable image. */
    final AtomicLong unreadable = new AtomicLong();
    final List<String> unreadableExamples = new ArrayList<>();
    final List<String> missingExamples = new ArrayList<>();
    final List<String> extraExamples = new ArrayList<>();
    final List<String> differingExamples = new ArrayList<>();

    void missing(String key) {
        missing.incrementAndGet();
        example(missingExamples, key);
    }

    void extra(String key) {
        extra.incrementAndGet();
        example(extraExamples, key);
    }

    void differing(String key) {
        differing.incrementAndGet();
        example(differingExamples, key);
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
