package dev.ddbbackup.cli;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.snapshot.Snapshot;
import dev.ddbbackup.snapshot.SnapshotReport;
import dev.ddbbackup.snapshot.SnapshotTarget;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code snapshot}: the table's state at a time, in DynamoDB's import-from-S3 format. */
@Command(name = "snapshot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Write the table's state at TIME (default: now) from its backup as gzip-compressed,",
                "newline-delimited DynamoDB JSON, one {\"Item\":{...}} per line: the DYNAMODB_JSON format of",
                "DynamoDB's import from S3. Data files go under OUT/data/ (files of at most about --max-file-mb),",
                "with OUT/manifest.json listing the item count, time, source and each file's size and SHA-256.",
                "",
                "Import into a new table:",
                "  aws dynamodb import-table --s3-bucket-source S3Bucket=B,S3KeyPrefix=P/data/ \\",
                "    --input-format DYNAMODB_JSON --input-compression-type GZIP \\",
                "    --table-creation-parameters file://table-creation.json   (see docs/TOOLS.md)",
                "Exit codes: 0 written, 1 failed, 2 usage."})
public final class SnapshotCommand implements Callable<Integer> {

    @Option(names = "--bucket", required = true, description = "The backup bucket.")
    String bucket;

    @Option(names = "--prefix", defaultValue = "", description = "The backup prefix. Default: none.")
    String prefix;

    @Option(names = "--table", required = true, description = "The backed-up table.")
    String table;

    @Option(names = "--to", paramLabel = "TIME", converter = TimeConverter.class,
            description = "The point in time (ISO-8601, e.g. 2026-11-20T10:00:00Z). Default: now (the latest state).")
    Instant to;

    @Option(names = "--tenant", description = "Only this tenant (the tenancy attribute's value).")
    String tenant;

    @Option(names = "--out", required = true, paramLabel = "s3://BUCKET/PREFIX/ | DIR",
            description = "Where to write: an S3 location or a local directory.")
    String out;

    @Option(names = "--max-file-mb", defaultValue = "100",
            description = "Compressed size after which a data file is closed and the next begun. Default: ${DEFAULT-VALUE}.")
    double maxFileMb;

    @Option(names = "--threads", defaultValue = "8",
            description = "Backup partitions processed at once (one data file stream each). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--concurrency", defaultValue = "32", description = "S3 requests in flight. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--json", description = "Print a machine-readable JSON report instead of the summary.")
    boolean json;

    @Mixin
    AwsOptions aws;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(maxFileMb > 0)) {
            throw new ParameterException(spec.commandLine(), "--max-file-mb must be positive");
        }
        if (threads < 1 || concurrency < 1) {
            throw new ParameterException(spec.commandLine(), "--threads and --concurrency must be at least 1");
        }
        ClientSettings settings = aws.settings(concurrency + threads + 8);
        try (S3Client s3 = AwsClients.s3(settings); ProgressBars progress = new ProgressBars()) {
            SnapshotTarget target = SnapshotTarget.parse(out, s3);
            Snapshot snapshot = new Snapshot(s3, new Snapshot.Options(bucket, prefix, table, to, tenant,
                    (long) (maxFileMb * 1024 * 1024), threads, concurrency), Clock.systemUTC());
            SnapshotReport report = snapshot.run(target, progress);
            progress.close();
            Reports.print(spec.commandLine().getOut(), json, report::toJson, report.summary());
            return Main.EXIT_OK;
        }
    }
}
