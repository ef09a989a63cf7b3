package dev.ddbbackup.function;

import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.s3.BucketVersioning;
import dev.ddbbackup.s3.S3Writer;
import dev.ddbbackup.aws.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Makes sure a bucket without versioning never loses history silently: on the first batch of a
 * container (not at init: no network call before a SnapStart snapshot, and none on the cold
 * start's critical path) it asks S3 for the bucket's versioning, beside the item writes, which it
 * never holds back. When versioning is not Enabled it logs an ERROR naming the bucket, and the
 * handler publishes the {@code BucketVersioningDisabled} metric on every batch, which the template
 * alarms on.
 *
 * <p>Enabled is the end of it for the container. Otherwise the check runs again at most every
 * {@link #RECHECK_INTERVAL}, so the metric stops soon after versioning is turned on. A check that
 * fails (AccessDenied without s3:GetBucketVersioning, throttling) is a WARN, never a failed record,
 * and is tried again after the same interval.
 */
final class VersioningCheck {

    static final Duration RECHECK_INTERVAL = Duration.ofMinutes(5);

    private final S3Writer s3;
    private final JsonLog log;
    private final Clock clock;
    /** When the next check may run; {@link Instant#MAX} once the bucket was seen Enabled. */
    private Instant nextCheck = Instant.MIN;
    /** The last answer, or null before the first one. */
    private volatile BucketVersioning last;

    VersioningCheck(S3Writer s3, JsonLog log, Clock clock) {
        this.s3 = s3;
        this.log = log;
        this.clock = clock;
    }

    /** A check that never runs (log mode: its segments need no versions), so never raises the alarm. */
    static VersioningCheck notNeeded() {
        VersioningCheck check = new VersioningCheck(null, JsonLog.discard(), Clock.systemUTC());
        check.nextCheck = Instant.MAX;
        return check;
    }

    /** Runs the check on {@code executor} when it is due; completes when done, never exceptionally. */
    CompletableFuture<Void> checkIfDueAsync(Executor executor, Deadline deadline) {
        if (!claim()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> check(deadline), executor);
    }

    /** True when the last answer was that the bucket does not keep versions. */
    boolean versioningOff() {
        BucketVersioning v = last;
        return v != null && !v.keepsVersions();
    }

    private synchronized boolean claim() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return false;
        }
        nextCheck = now.plus(RECHECK_INTERVAL);
        return true;
    }

    private void check(Deadline deadline) {
        try {
            BucketVersioning versioning = s3.versioning(deadline);
            last = versioning;
            if (versioning.keepsVersions()) {
                synchronized (this) {
                    nextCheck = Instant.MAX;
                }
                return;
            }
            log.error(versioning.problem(s3.bucket()), "bucket", s3.bucket(), "versioning", versioning.description(),
                    "recheckAfterSeconds", RECHECK_INTERVAL.toSeconds());
        } catch (RuntimeException e) {
            log.warn("Bucket versioning not checked; the backup goes on and it is tried again later",
                    "bucket", s3.bucket(), "reason", e, "retryAfterSeconds", RECHECK_INTERVAL.toSeconds());
        }
    }
}
