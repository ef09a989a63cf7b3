package dev.ddbbackup.backup;

import java.util.List;

/**
 * Where the items' timelines of one partition come from: the one seam between how a backup's
 * changes are stored and everything that reads them (restore, snapshot, verify, history,
 * checkpoints). Every implementation turns change lines into changes by {@link ChangeGrouping}
 * and orders them by {@link Change#ORDER}; they differ in what else they read (a listing of the
 * object versions; a checkpoint's entries) and so in what they can vouch for. The lines are those
 * of both storage modes ({@link ChangeLogIndex}): a log segment's PUT line carries its image and
 * needs no version, so a backup that switched mode is read as one history.
 */
public interface TimelineSource {

    /** The items of one partition, sorted by item name, each with its timeline. */
    List<ItemTimeline> read(Partition partition);

    /** CHANGE_LOG or LAST_MODIFIED: what the changes are timed by. */
    TimeSource timeSource();

    /** A line for people saying where the items come from. */
    String describe();

    /**
     * Whether every version behind the timelines was listed: then the sizes of a change's
     * deliveries were compared from the listing, and a listed version a GET cannot find is the
     * bucket's fault. Otherwise (versions named, not listed) the image reader compares the sizes
     * itself and a version it cannot find is one its source named.
     */
    boolean listsVersions();

    /**
     * The problem when no version of a PUT change this source gave is in the bucket (every GET a
     * 404): by default the version was listed.
     */
    default BackupProblem imageNotFound(String bucket, Change put) {
        return BackupProblem.version(BackupProblem.Kind.MISSING_VERSION, bucket, put.objectKey(), put.versionId(),
                "listed, but a GET of it finds nothing (404)");
    }
}
