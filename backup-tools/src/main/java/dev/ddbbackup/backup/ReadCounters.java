package dev.ddbbackup.backup;

import java.util.concurrent.atomic.AtomicLong;

/** The running counts behind {@link ReaderStats}, shared by the parts of one {@link BackupView}. */
final class ReadCounters {

    final AtomicLong changeLogObjects = new AtomicLong();
    final AtomicLong logSegments = new AtomicLong();
    final AtomicLong logSegmentBytes = new AtomicLong();
    final AtomicLong versionsListed = new AtomicLong();
    final AtomicLong loggedVersionsMissing = new AtomicLong();
    final AtomicLong heads = new AtomicLong();
    final AtomicLong listRequests = new AtomicLong();
    final AtomicLong checkpointEntries = new AtomicLong();
    final AtomicLong checkpointFilesRead = new AtomicLong();
    final AtomicLong lateLines = new AtomicLong();

    ReaderStats snapshot(long changeLogLines, boolean fromCheckpoint) {
        return new ReaderStats(changeLogObjects.get(), logSegments.get(), logSegmentBytes.get(), changeLogLines, versionsListed.get(), listRequests.get(),
                heads.get(), loggedVersionsMissing.get(), fromCheckpoint, checkpointEntries.get(),
                checkpointFilesRead.get(), lateLines.get());
    }

    /** A lister that counts its requests. */
    VersionLister counting(VersionLister lister) {
        return request -> {
            listRequests.incrementAndGet();
            return lister.list(request);
        };
    }
}
