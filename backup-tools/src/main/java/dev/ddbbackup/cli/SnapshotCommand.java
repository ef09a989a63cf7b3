package dev.ddbbackup.cli;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.job.SnapshotJobSpec;
import dev.ddbbackup.layout.PartitionWidth;
import dev.ddbbackup.snapshot.Snapshot;
import dev.ddbbackup.snapshot.SnapshotReport;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code snapshot}: the table's state at a time, in DynamoDB's import-from-S3 format. */
@Command(name = "snapshot", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, usageHelpWidth = 100, sortOptions = false,
        description = {
                "Write the table's state at a time in DynamoDB's import-from-S3 format.",
                "",
                "The state at TIME (default: now), read from the backup, as gzip-compressed newline-delimited "
                        + "DynamoDB JSON, one {\"Item\":{...}} per line (DYNAMODB_JSON).",
                "Data files go under OUT/data/ (each closed after about --max-file-mb); OUT/manifest.json lists the "
                        + "item count, time, source, and each file's size and SHA-256. It is written last: no manifest, no "
                        + "complete snapshot.",
                "",
                "Import into a new table (see docs/TOOLS.md for table-creation.json):",
                "  aws dynamodb import-table \\",
                "    --s3-bucket-source S3Bucket=B,S3KeyPrefix=P/data/ \\",
                "    --input-format DYNAMODB_JSON --input-compression-type GZIP \\",
                "    --table-creation-parameters file://table-creation.json",
                "Every image is read and checked; a problem (a version the change log names that the bucket lacks, an "
                        + "unusable object) fails the snapshot unless --allow-missing-versions / --skip-bad-objects leave "
                        + "such items out (listed in the manifest).",
                "--on-step-functions ARN writes it with Lambda workers (--segments at once) into the stack's job "
                        + "bucket.",
                "Exit codes: 0 written, 1 failed or items left out, 2 usage."})
public final class SnapshotCommand implements Callable<Integer> {

    @Mixin
    BackupOptions backup;

    @Option(names = "--to", paramLabel = "TIME", defaultValue = "now", converter = PointInTime.class,
            description = "The point in time (ISO-8601, e.g. 2026-11-20T10:00:00Z, or 'now'). Default: ${DEFAULT-VALUE}.")
    Instant to;

    @Option(names = "--tenant", description = "Only this tenant (the tenancy attribute's value).")
    String tenant;

    @Option(names = "--out", required = true, paramLabel = "s3://BUCKET/PREFIX/ | DIR",
            description = "Where to write: an S3 location or a local directory.")
    String out;

    @Option(names = "--max-file-mb", defaultValue = "100",
            description = "Compressed size after which a data file is closed and the next begun. Default: ${DEFAULT-VALUE}.")
    double maxFileMb;

    @Mixin
    ProblemOptions problems;

    @Option(names = "--segments", defaultValue = "1",
            description = "With --on-step-functions: workers at once, each writing its share of the partitions. Default: ${DEFAULT-VALUE}.")
    int segments;

    @Mixin
    FanOutOptions fanOut;

    @Mixin
    RunOptions run;

    @Mixin
    ReadOptions read;

    @Override
    public Integer call() throws Exception {
        if (fanOut.enabled()) {
            return onStepFunctions();
        }
        SnapshotReport report;
        try (S3Client s3 = AwsClients.s3(read.settings(run.aws)); ProgressBars progress = run.progress(false)) {
            report = new Snapshot(s3, Clock.systemUTC(), read.threads).run(job(PartitionWidth.P16, out), progress);
        }
        return run.print(report::toJson, report.summary(), report.ok());
    }

    private SnapshotJobSpec job(PartitionWidth width, String location) {
        return new SnapshotJobSpec(backup.read(width, read.concurrency), to, tenant, location,
                (long) (maxFileMb * 1024 * 1024), problems.skipBadObjects, problems.allowMissingVersions);
    }

    /** The snapshot fanned out over the stack's snapshot workers; the files go to --out in the job bucket. */
    private int onStepFunctions() throws Exception {
        if (problems.any()) {
            throw new IllegalArgumentException("--skip-bad-objects and --allow-missing-versions are not available with"
                    + " --on-step-functions (the workers leave no item out); run the snapshot on one machine");
        }
        try (S3Client s3 = AwsClients.s3(read.settings(run.aws))) {
            return fanOut.run(stack -> {
                String bucket = stack.jobBucket();
                if (!out.startsWith("s3://" + bucket + "/")) {
                    throw new IllegalArgumentException("--out must be in the stack's job bucket (s3://" + bucket
                            + "/PREFIX/): the snapshot workers may write nowhere else");
                }
                return job(fanOut.width(), out.endsWith("/") ? out : out + "/");
            }, segments, s3, run);
        }
    }
}
