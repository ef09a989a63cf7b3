package dev.ddbbackup.jobs;

import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.backup.BackupScope;
import dev.ddbbackup.backup.TimeSource;
import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.fanout.SegmentTask;
import dev.ddbbackup.json.DynamoJson;
import software.amazon.awssdk.services.s3.S3Client;

/** The backup reader and scope of one invocation: the request's backup, its segment, the partitions left. */
final class Scopes {

    private Scopes() {
    }

    static BackupReader reader(S3Client s3, JobRequest request) {
        return BackupReader.builder(s3, request.bucket, request.table).prefix(request.prefix)
                .timeSource(TimeSource.parse(request.timeSource)).partitionDigits(request.partitionDigits)
                .concurrency(Math.max(1, Math.min(request.concurrency, 64))).build();
    }

    static BackupScope scope(JobRequest request, SegmentTask task) {
        BackupScope scope;
        if (request.key != null) {
            scope = BackupScope.key(DynamoJson.sdkKey(DynamoJson.parseSdkItem(request.key))).withTenant(request.tenant);
        } else if (request.tenant != null) {
            scope = BackupScope.tenant(request.tenant);
        } else {
            scope = BackupScope.all();
        }
        return scope.segment(task.segment, request.segments).partitions(task.remaining);
    }
}
