package dev.ddbbackup.function;

import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.dispatch.OrderedDispatcher;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.KeyStrategy;
import dev.ddbbackup.layout.LogSegment;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.s3.S3Writer;
import java.time.Clock;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How the function's parts fit together, in one place for the handler and for the SnapStart
 * priming ({@link Priming}), so that priming runs exactly the path the handler runs: the same
 * layout, record parser, item and quarantine writers and batch processor, built from the same
 * configuration, and the storage mode's {@link BatchStore}. Only what each of them must choose differently is a parameter: the key strategy
 * and key schemas (priming asks no DynamoDB), the dispatcher (priming closes its own) and how the
 * invocation's time is shared out.
 */
record FunctionWiring(BackupConfig config, BackupLayout layout, S3Writer writer, JsonLog log, EmfMetrics metrics) {

    FunctionWiring(BackupConfig config, S3Client s3, JsonLog log, EmfMetrics metrics) {
        this(config, BackupLayout.withPrefix(config.prefix()), new S3Writer(s3, config.bucket()), log, metrics);
    }

    /** The S3 client's settings: one connection per concurrent write. */
    static ClientSettings s3Settings(BackupConfig config, ClientSettings settings) {
        return settings.toBuilder().maxConcurrency(config.writeConcurrency()).build();
    }

    /** The object names the configuration asks for. */
    KeyStrategy keyStrategy() {
        return config.plainTextKeys() ? KeyStrategy.plainText() : KeyStrategy.md5();
    }

    /** A dispatcher with the configured number of concurrent writes (its threads start on demand). */
    OrderedDispatcher dispatcher() {
        return new OrderedDispatcher(config.writeConcurrency());
    }

    /** The store of the configured {@link StorageMode}: the one place the mode is chosen. */
    BatchStore processor(KeyStrategy strategy, KeySchemaResolver keySchemas, OrderedDispatcher dispatcher,
            BatchProcessor.TimeBudget time) {
        ObjectKeys objectKeys = new ObjectKeys(layout, strategy, keySchemas, log);
        RecordParser parser = new RecordParser(new TenantResolver(config.multiTenancyColumn()), log);
        QuarantineWriter quarantine = new QuarantineWriter(writer, layout, log);
        switch (config.storageMode()) {
            case LOG:
                return new LogStore(layout, parser, objectKeys, quarantine, writer, dispatcher, log, metrics, time,
                        LogSegment.DEFAULT_PART_CAP_BYTES);
            case OBJECTS:
            default:
                return new BatchProcessor(layout, parser, new ItemWriter(writer, objectKeys), quarantine, writer,
                        dispatcher, log, metrics, time);
        }
    }

    /**
     * The bucket versioning check: the objects mode keeps each item's history as versions, so it
     * raises the alarm on a bucket without them; the log mode keeps history in its segments and
     * needs no versions, so it never does.
     */
    VersioningCheck versioningCheck(Clock clock) {
        return config.storageMode() == StorageMode.OBJECTS
                ? new VersioningCheck(writer, log, clock) : VersioningCheck.notNeeded();
    }
}
