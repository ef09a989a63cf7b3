package dev.ddbbackup.revert;

import dev.ddbbackup.backup.BackupProblem;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.backup.Change;
import dev.ddbbackup.backup.ChangeWindow;
import dev.ddbbackup.backup.CheckedImage;
import dev.ddbbackup.backup.ItemTimeline;
import dev.ddbbackup.backup.KeySchema;
import dev.ddbbackup.backup.Partition;
import dev.ddbbackup.backup.PartitionGate;
import dev.ddbbackup.backup.ReaderStats;
import dev.ddbbackup.backup.Tasks;
import dev.ddbbackup.backup.WindowedItem;
import dev.ddbbackup.restore.ItemImages;
import dev.ddbbackup.state.Progress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The items changed in a window (T1, T2], each with its states at T1, at T2 and its newest one, every
 * image read and checked: what {@code changes} shows and {@code revert} writes from. The view is a
 * {@link ChangeWindow} (objects or log mode, or a backup that switched); memory
 * holds the window's items (their images, in log mode the segment lines' own: no GET).
 *
 * @param problems unreadable change-log lines and images, each naming its object or line
 * @param source where the items came from (the view's source)
 * @param stats what reading them cost (requests, bytes)
 */
public record WindowChanges(Instant from, Instant to, List<ItemChange> items, List<BackupProblem> problems,
        String source, ReaderStats stats) {

    private static final Comparator<ItemChange> BY_TENANT_AND_KEY = Comparator
            .comparing((ItemChange c) -> c.tenant() == null ? "" : c.tenant())
            .thenComparing(c -> c.key() == null ? "" : c.key().canonicalJson());

    /** Where the items came from and what reading them cost, as people read it. */
    public String readFrom() {
        return readFrom(source, stats);
    }

    /** The one wording of a window's source and cost, for this machine's read and a fanned-out one. */
    public static String readFrom(String source, ReaderStats stats) {
        return source + ". " + stats.describeReads();
    }

    /**
     * Reads the window's items from {@code view}.
     *
     * @param fallback the key schema images are checked by when the backup has no {@code _table.json}, or null
     */
    public static WindowChanges read(BackupView view, Instant from, Instant to, KeySchema fallback, Progress progress,
            int concurrency) {
        return read(view, PartitionGate.always(), from, to, fallback, progress, concurrency);
    }

    /**
     * Reads the window's items of the partitions {@code gate} lets start (a time-bounded worker
     * leaves the others for its next invocation).
     */
    public static WindowChanges read(BackupView view, PartitionGate gate, Instant from, Instant to, KeySchema fallback,
            Progress progress, int concurrency) {
        List<ItemChange> items = new ArrayList<>();
        List<BackupProblem> problems = new ArrayList<>();
        ExecutorService pool = Tasks.daemonPool("window-images", concurrency);
        try {
            // The lines were read when the view opened: say when that was the whole log (no checkpoint helped).
            progress.start("Reading the window" + (ChangeWindow.readsEveryLogSegment(view) ? " (every log segment was"
                    + " read: no checkpoint at or before T1)" : ""), view.partitions().size(), "partitions");
            for (Partition p : view.partitions()) {
                if (!gate.tryStart(p)) {
                    continue;
                }
                List<Future<ItemChange>> resolved = new ArrayList<>();
                for (ItemTimeline t : view.read(p)) {
                    WindowedItem w = new WindowedItem(t, from, to);
                    resolved.add(pool.submit(() -> resolve(view, w, fallback)));
                }
                items.addAll(Tasks.awaitAll(resolved));
                progress.step(1);
            }
        } finally {
            pool.shutdownNow();
        }
        for (ItemChange c : items) {
            for (ItemState s : List.of(c.atFrom(), c.atTo(), c.latest())) {
                if (s.problem() != null && !problems.contains(s.problem())) {
                    problems.add(s.problem());
                }
            }
        }
        problems.addAll(0, view.problems());
        items.sort(BY_TENANT_AND_KEY);
        ReaderStats stats = view.stats();
        return new WindowChanges(from, to, List.copyOf(items), List.copyOf(problems), view.describeSource(), stats);
    }

    private static ItemChange resolve(BackupView view, WindowedItem w, KeySchema fallback) {
        ItemTimeline t = w.timeline();
        ItemState atFrom = state(view, t, w.atFrom(), fallback);
        ItemState atTo = state(view, t, w.atTo(), fallback);
        Optional<Change> latest = w.latest();
        ItemState newest = latest.equals(w.atTo()) ? atTo : state(view, t, latest, fallback);
        Change last = latest.orElseThrow();
        // Every item in a window is named by a change-log line, so its key is known.
        return new ItemChange(t.key(), last.tenant(), atFrom, atTo, newest, w.changesInWindow(), w.changedAfter());
    }

    private static ItemState state(BackupView view, ItemTimeline t, Optional<Change> change, KeySchema fallback) {
        if (change.isEmpty()) {
            return ItemState.NEVER;
        }
        Change c = change.get();
        if (!c.isPut()) {
            return new ItemState(c, null, c.movedOut(), null);
        }
        CheckedImage image = view.checkedImage(t, c, fallback);
        return image.ok() ? new ItemState(c, ItemImages.toItem(image.item()), false, null)
                : new ItemState(c, null, false, image.problem());
    }
}
