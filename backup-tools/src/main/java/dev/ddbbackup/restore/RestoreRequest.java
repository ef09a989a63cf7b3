package dev.ddbbackup.restore;

import dev.ddbbackup.backup.BackupScope;
import dev.ddbbackup.backup.PartitionGate;
import java.time.Instant;
import java.util.Objects;

/** What to restore, where, and how fast. */
public final class RestoreRequest {

    final String targetTable;
    final Instant time;
    final BackupScope scope;
    final boolean dryRun;
    final boolean targetIsNew;
    final boolean createTable;
    final boolean allowDeleteAll;
    final boolean allowMissingVersions;
    final boolean skipBadObjects;
    final double maxWcu;
    final int getConcurrency;
    final int writeConcurrency;
    final int partitionConcurrency;
    final boolean progress;
    final PartitionGate gate;

    private RestoreRequest(Builder b) {
        this.targetTable = Objects.requireNonNull(b.targetTable, "targetTable");
        this.time = Objects.requireNonNull(b.time, "time");
        this.scope = b.scope;
        this.dryRun = b.dryRun;
        this.targetIsNew = b.targetIsNew || b.createTable;
        this.createTable = b.createTable;
        this.allowDeleteAll = b.allowDeleteAll;
        this.allowMissingVersions = b.allowMissingVersions;
        this.skipBadObjects = b.skipBadObjects;
        this.maxWcu = b.maxWcu;
        this.getConcurrency = b.getConcurrency;
        this.writeConcurrency = b.writeConcurrency;
        this.partitionConcurrency = b.partitionConcurrency;
        this.progress = b.progress;
        this.gate = b.gate;
    }

    public static Builder builder(String targetTable, Instant time) {
        return new Builder(targetTable, time);
    }

    /** Builder. */
    public static final class Builder {
        private final String targetTable;
        private final Instant time;
        private BackupScope scope = BackupScope.all();
        private boolean dryRun;
        private boolean targetIsNew;
        private boolean createTable;
        private boolean allowDeleteAll;
        private boolean allowMissingVersions;
        private boolean skipBadObjects;
        private double maxWcu;
        private int getConcurrency = 64;
        private int writeConcurrency = 16;
        private int partitionConcurrency = 4;
        private boolean progress;
        private PartitionGate gate = PartitionGate.always();

        private Builder(String targetTable, Instant time) {
            this.targetTable = targetTable;
            this.time = time;
        }

        public Builder scope(BackupScope v) { this.scope = v; return this; }
        public Builder dryRun(boolean v) { this.dryRun = v; return this; }
        /** The target was created empty for this restore: deleting absent items is unnecessary. */
        public Builder targetIsNew(boolean v) { this.targetIsNew = v; return this; }
        /**
         * Create the target from the backup's {@code _table.json}, once everything to write has been
         * checked (never in a dry run); it must not exist.
         */
        public Builder createTable(boolean v) { this.createTable = v; return this; }
        /** Go ahead when the restore would delete items and put none (otherwise it refuses). */
        public Builder allowDeleteAll(boolean v) { this.allowDeleteAll = v; return this; }
        /**
         * Restore what the bucket holds when the change log names versions it lacks: the items whose
         * state at the time is such a version are left untouched and listed (never deleted).
         */
        public Builder allowMissingVersions(boolean v) { this.allowMissingVersions = v; return this; }
        /**
         * Leave items whose object version is unusable (and unreadable change-log lines) out and list
         * them, instead of stopping before any write.
         */
        public Builder skipBadObjects(boolean v) { this.skipBadObjects = v; return this; }
        /** Write capacity units per second; 0 for no cap. */
        public Builder maxWcu(double v) { this.maxWcu = v; return this; }
        public Builder getConcurrency(int v) { this.getConcurrency = v; return this; }
        public Builder writeConcurrency(int v) { this.writeConcurrency = v; return this; }
        /** Partitions listed and planned at once (memory holds about this many partitions). */
        public Builder partitionConcurrency(int v) { this.partitionConcurrency = v; return this; }
        /** A progress bar on stderr. */
        public Builder progress(boolean v) { this.progress = v; return this; }
        /**
         * Asked before each partition is started: a restore bounded in time (a Lambda invocation)
         * leaves the partitions it refuses, and {@link RestoreReport#partitionsDone} names the
         * ones restored. Default: every partition.
         */
        public Builder partitionGate(PartitionGate v) { this.gate = Objects.requireNonNull(v, "gate"); return this; }

        public RestoreRequest build() {
            return new RestoreRequest(this);
        }
    }
}
