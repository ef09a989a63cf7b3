package dev.ddbbackup.checkpoint.job;

import dev.ddbbackup.backup.BackupProblem;
import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.backup.BackupScope;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.backup.Change;
import dev.ddbbackup.backup.ItemTimeline;
import dev.ddbbackup.backup.Partition;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.backup.TimeSource;
import dev.ddbbackup.backup.VersionEntry;
import dev.ddbbackup.checkpoint.CheckpointEntry;
import dev.ddbbackup.checkpoint.CheckpointManifest;
import dev.ddbbackup.checkpoint.Checkpoints;
import dev.ddbbackup.checkpoint.Lateness;
import dev.ddbbackup.layout.ChangeLogEntry.Action;
import dev.ddbbackup.state.PartitionRunner;
import dev.ddbbackup.state.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds a checkpoint at T0: for every object of the table (every item in every tenant folder),
 * its last change at or before T0 by the ordering rule. It reads the backup through
 * {@link BackupReader#openAt}: the newest checkpoint at or before T0 plus the change logs since it
 * (O(table + changes since)), or, for the first checkpoint, the whole history. Partition files are
 * written first and the manifest last, so a run that stops half-way leaves no checkpoint. In log
 * mode (no object versions) an entry carries its change's image, so the checkpoint holds the
 * images themselves, built from the previous one's plus the log segments since it.
 *
 * <p>It refuses to write over an existing checkpoint, and writes nothing when the backup has
 * problems (an unreadable change-log line would otherwise be forgotten by every later reader).
 */
public final class CheckpointJob {

    private final BackupReader reader;
    private final Clock clock;

    /** @param reader reads the table; its partition width is the checkpoint's */
    public CheckpointJob(BackupReader reader, Clock clock) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param time T0 (truncated to the second); must not be in the future
     * @param retention the bucket's retention to record (the lifecycle's RetentionDays), or null
     * @param threads partitions built at once
     */
    public CheckpointReport run(String table, Instant time, Duration retention, int threads, Progress progress)
            throws InterruptedException {
        long started = System.nanoTime();
        Instant builtAt = clock.instant();
        Instant t0 = time.truncatedTo(ChronoUnit.SECONDS);
        CheckpointReport report = new CheckpointReport();
        report.table = table;
        report.time = t0;
        Checkpoints store = reader.checkpoints();
        if (t0.isAfter(builtAt)) {
            return end(report, CheckpointReport.Outcome.REFUSED, t0 + " is in the future: a checkpoint covers changes"
                    + " up to its time, and those are not known yet", started);
        }
        if (store.times().contains(t0)) {
            return end(report, CheckpointReport.Outcome.REFUSED, "A checkpoint at " + t0 + " exists already", started);
        }
        try (BackupView view = reader.openAt(BackupScope.all(), t0)) {
            report.previous = view.checkpoint().map(m -> m.time()).orElse(null);
            report.source = view.describeSource();
            if (view.timeSource() == TimeSource.LAST_MODIFIED && !view.partitions().isEmpty()) {
                return end(report, CheckpointReport.Outcome.REFUSED, "The backup has no change logs (times come from S3"
                        + " LastModified): a checkpoint is built on the change logs; restores read the whole history", started);
            }
            List<CheckpointManifest.PartFile> files = Collections.synchronizedList(new ArrayList<>());
            Set<String> folders = new ConcurrentSkipListSet<>(view.folders());
            AtomicLong present = new AtomicLong();
            AtomicLong absent = new AtomicLong();
            List<String> problems = Collections.synchronizedList(new ArrayList<>());
            progress.start("Checkpoint " + table + " at " + t0, view.partitions().size(), "partitions");
            PartitionRunner.run("checkpoint-partition", view.partitions(), threads, PartitionGate.always(), thread -> p -> {
                List<CheckpointEntry> entries = entries(view.read(p), t0, builtAt.minus(Lateness.CHANGE_LOG), problems);
                for (CheckpointEntry e : entries) {
                    (e.action() == Action.PUT ? present : absent).incrementAndGet();
                    folders.add(e.objectKey().substring(0, e.objectKey().lastIndexOf('/') + 1));
                }
                if (!entries.isEmpty()) {
                    files.add(store.writePart(t0, p.id(), entries));
                }
            }, () -> progress.step(1));
            for (BackupProblem p : view.problems()) {
                problems.add(p.toString());
            }
            report.readerStats = view.stats();
            if (!problems.isEmpty()) {
                report.problems.addAll(problems);
                return end(report, CheckpointReport.Outcome.STOPPED, "The backup has problems (below): no checkpoint"
                        + " written, since every later reader would start from it without them", started);
            }
            files.sort(Comparator.comparing(CheckpointManifest.PartFile::partition));
            CheckpointManifest manifest = new CheckpointManifest(table, t0, builtAt, clock.instant(), report.previous,
                    view.md5Names(), partitionWidth(view), List.copyOf(folders),
                    view.changeLogsFrom().map(h -> h.toString()).orElse(null),
                    view.stats().changeLogObjects(), view.lastChangeLog(), retention,
                    present.get(), absent.get(), files);
            store.writeManifest(manifest);
            report.manifest = manifest;
            return end(report, CheckpointReport.Outcome.WRITTEN, null, started);
        }
    }

    /**
     * Per object (item in a tenant folder), its last change at or before T0. A change timed by
     * LastModified (a version or delete marker no change-log line names and no metadata times) made
     * less than {@link Lateness#CHANGE_LOG} before the build is left out: it may be a delivery
     * whose change log has not landed yet, timed late by S3, and the entry would then hide the
     * changes the late lines bring. The change-log line, when it comes, is read on top of the
     * checkpoint.
     */
    static List<CheckpointEntry> entries(List<ItemTimeline> items, Instant t0, Instant settledBefore,
            List<String> problems) {
        List<CheckpointEntry> out = new ArrayList<>();
        for (ItemTimeline item : items) {
            Map<String, Change> last = new LinkedHashMap<>();
            for (Change c : item.changes()) {
                if (c.time().isAfter(t0)) {
                    break;
                }
                if (c.origin() == Change.Origin.LAST_MODIFIED && !c.time().isBefore(settledBefore)) {
                    continue;
                }
                last.put(c.objectKey(), c);
            }
            for (Change c : last.values()) {
                if (c.isPut() && c.versionId() == null && c.image() == null) {
                    problems.add(c.objectKey() + ": the change log names no version for event " + c.eventId()
                            + " (a bucket without versioning?)");
                    continue;
                }
                out.add(entry(item, c));
            }
        }
        out.sort(Comparator.comparing(CheckpointEntry::objectKey));
        return out;
    }

    private static CheckpointEntry entry(ItemTimeline item, Change c) {
        List<String> others = new ArrayList<>(c.otherVersionIds());
        if (c.isPut()) {
            for (VersionEntry v : item.entries()) {
                if (v.change() == c && v.status() == VersionEntry.Status.REDUNDANT && !v.deleteMarker()
                        && v.versionId() != null && !v.versionId().equals(c.versionId()) && !others.contains(v.versionId())) {
                    others.add(v.versionId());
                }
            }
        }
        return new CheckpointEntry(c.objectKey(), c.tenant(), item.key(), c.action(), c.isPut() ? c.versionId() : null,
                others, c.eventId(), c.eventName(), c.sequence() == null ? null : c.sequence().toString(), c.time(),
                c.ttlDelete(), c.origin().cliName(), c.isPut() ? c.image() : null);
    }

    private static int partitionWidth(BackupView view) {
        for (Partition p : view.partitions()) {
            if (!p.id().equals(Partition.ALL)) {
                return p.id().length();
            }
        }
        return 1;
    }

    private static CheckpointReport end(CheckpointReport report, CheckpointReport.Outcome outcome, String message,
            long started) {
        report.outcome = outcome;
        report.message = message;
        report.duration = Duration.ofNanos(System.nanoTime() - started);
        return report;
    }
}
