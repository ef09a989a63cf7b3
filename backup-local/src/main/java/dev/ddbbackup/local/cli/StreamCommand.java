package dev.ddbbackup.local.cli;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.cli.AwsOptions;
import dev.ddbbackup.cli.LayoutOptions;
import dev.ddbbackup.cli.Main;
import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.stream.PollerOptions;
import dev.ddbbackup.stream.PollerStats;
import dev.ddbbackup.stream.StreamPoller;
import dev.ddbbackup.stream.StreamPositions;
import dev.ddbbackup.stream.VersionedBucket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Backs up a table's stream from this machine with the real function: a convenience for trying
 * the backup on a real table or catching up by hand. Production is the Lambda function.
 */
@Command(name = "stream", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, usageHelpWidth = 100,
        description = {
                "Back up a table's stream from this machine with the real function.",
                "",
                "Polls the table's DynamoDB stream and runs the backup function on it, the way Lambda's event source "
                        + "mapping does (parents before children, partial batch responses honoured).",
                "A convenience for laptops and tests; in production deploy the function with SAM.",
                "Runs until Ctrl-C, or with --drain until everything in the stream so far is backed up.",
                "Goes on from where the last run stopped: after each batch the function reported done, the position "
                        + "of each shard is saved in a state file (.ddb-backup-local/stream-TABLE.json by default).",
                "Refuses to start (exit code 2) unless the bucket's versioning is Enabled."})
public final class StreamCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--table", description = "Table whose latest stream to read.")
        String table;

        @Option(names = "--stream-arn", description = "Stream ARN to read.")
        String streamArn;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Mixin
    LayoutOptions layout;

    @Option(names = "--batch-size", defaultValue = "100", description = "Records per invocation (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--batching-window-ms", defaultValue = "500", description = "Batching window in ms (default ${DEFAULT-VALUE}).")
    long batchingWindowMillis;

    @Option(names = "--latest", description = "Start at the stream's tip instead of its oldest record (TRIM_HORIZON).")
    boolean latest;

    @Option(names = "--max-retries", defaultValue = "-1",
            description = "Retries of a failing batch before stopping (default ${DEFAULT-VALUE}: until it succeeds).")
    int maxRetries;

    @Option(names = "--drain", description = "Stop once every record in the stream so far is backed up.")
    boolean drain;

    @Option(names = "--state-file", paramLabel = "FILE",
            description = "Where each shard's position is saved (default .ddb-backup-local/stream-TABLE.json).")
    Path stateFile;

    @Option(names = "--from-trim-horizon",
            description = "Read every shard from its oldest record, ignoring the saved positions (a replay).")
    boolean fromTrimHorizon;

    @Mixin
    AwsOptions aws;

    @Override
    public Integer call() throws Exception {
        if (latest && fromTrimHorizon) {
            System.err.println("--latest and --from-trim-horizon contradict each other: give one.");
            return Main.EXIT_USAGE;
        }
        BackupConfig config = layout.config();
        ClientSettings settings = aws.functionSettings(config.writeConcurrency());
        S3Client s3 = AwsClients.s3(settings);
        VersionedBucket.require(s3, config.bucket());
        DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings);
        String arn = source.streamArn != null ? source.streamArn
                : dynamoDb.describeTable(b -> b.tableName(source.table)).table().latestStreamArn();
        if (arn == null) {
            System.err.println("Table " + source.table + " has no stream: enable one with NEW_AND_OLD_IMAGES first.");
            return Main.EXIT_USAGE;
        }
        JsonLog log = new JsonLog(System.err, JsonLog.Level.INFO);
        Path file = stateFile != null ? stateFile : Path.of(".ddb-backup-local", "stream-" + tableOf(arn) + ".json");
        // Both flags say where to start, so the saved positions are not read (they are overwritten).
        StreamPositions positions = latest || fromTrimHorizon ? StreamPositions.fresh(arn, file)
                : StreamPositions.load(arn, file, log);
        BackupHandler handler = new BackupHandler(config, s3, () -> dynamoDb, log, EmfMetrics.discard());
        StreamPoller poller = new StreamPoller(AwsClients.dynamoDbStreams(settings), positions, handler,
                PollerOptions.of(batchSize, Duration.ofMillis(batchingWindowMillis), maxRetries, latest), log);
        System.err.println("Backing up " + arn + " into s3://" + config.bucket() + "/" + config.prefix() + (drain ? " (until drained)" : " (Ctrl-C to stop)"));
        System.err.println((positions.resuming() ? "Going on from the positions saved in " : "Saving positions in ") + file);
        Runtime.getRuntime().addShutdownHook(new Thread(poller::stop));
        if (drain) {
            poller.drain(Duration.ofHours(24));
        } else {
            poller.run();
        }
        PollerStats stats = poller.stats();
        System.out.printf("Delivered %d records in %d invocations (%d partly failed), %d shards finished%n",
                stats.recordsDelivered(), stats.invocations(), stats.failedInvocations(), stats.shardsFinished());
        return Main.EXIT_OK;
    }

    /** The table's name in a stream ARN ({@code arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL}). */
    private static String tableOf(String streamArn) {
        String[] parts = streamArn.split("/");
        return parts.length > 1 ? parts[1] : "stream";
    }
}
