package dev.ddbbackup.cli;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.backup.BackupScope;
import dev.ddbbackup.restore.RestoreJob;
import dev.ddbbackup.restore.RestoreReport;
import dev.ddbbackup.restore.RestoreRequest;
import dev.ddbbackup.restore.TableIdentity;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code restore}: a table (or one tenant, or one item) as it was at a point in time. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {
                "Restore a table, a tenant or one item from the backup as of a point in time.",
                "For every item in scope, TARGET gets the image of the item's last change at or before TIME;",
                "items absent at TIME (deleted, or created later) are deleted from TARGET.",
                "Writing into the source table needs --in-place. Every image is read and checked before the",
                "first write; problems stop the restore unless --allow-missing-versions / --skip-bad-objects.",
                "Exit codes: 0 restored; 1 problems in the backup (nothing written, or items left out and listed)",
                "or a failure; 2 usage, or refused (target is the source, other key schema, would only delete).",
                "See docs/RESTORE.md."})
public final class RestoreCommand implements Callable<Integer> {

    @Mixin
    BackupOptions backup;

    @Option(names = "--table", required = true, description = "The backed-up (source) table name.")
    String table;

    @Option(names = "--to", required = true, paramLabel = "TIME", description = "ISO-8601 instant (2026-11-20T10:15:00Z) or 'now'.")
    String to;

    @Option(names = "--target-table", paramLabel = "TARGET", description = "Table to write into (required unless --in-place).")
    String targetTable;

    @Option(names = "--tenant", description = "Restore one tenant (the tenancy attribute's value).")
    String tenant;

    @Option(names = "--key", paramLabel = "KEYJSON", description = "Restore one item, key as DynamoDB JSON.")
    String key;

    @Option(names = "--dry-run", description = "Print the plan (puts, deletes, per tenant) and write nothing.")
    boolean dryRun;

    @Option(names = "--max-wcu", defaultValue = "0", description = "Cap on write capacity units per second (0: none).")
    double maxWcu;

    @Option(names = "--create-table", description = "Create TARGET from the backup's _table.json (indexes, TTL) first.")
    boolean createTable;

    @Option(names = "--in-place", description = "Allow writing into the source table itself (compared by table ARN,"
            + " so a name, an ARN or another region's spelling of it all count).")
    boolean inPlace;

    @Option(names = "--allow-delete-all", description = "Go ahead when the restore would delete items and put none"
            + " (a time before the first backup, a scope with no items then); otherwise it refuses.")
    boolean allowDeleteAll;

    @Option(names = "--allow-missing-versions", description = "When the change log names object versions the bucket"
            + " does not have, restore everything else and list those items (left untouched, never deleted);"
            + " otherwise nothing is written.")
    boolean allowMissingVersions;

    @Option(names = "--skip-bad-objects", description = "Leave items whose object version is unusable (not DynamoDB"
            + " JSON, another item's image) and unreadable change-log lines out, and list them; otherwise nothing is"
            + " written.")
    boolean skipBadObjects;

    @Option(names = "--segment", defaultValue = "0", description = "This machine's segment (0-based) of --segments.")
    int segment;

    @Option(names = "--segments", defaultValue = "1", description = "Split the key space over this many machines.")
    int segments;

    @Option(names = "--partitions", defaultValue = "16", description = "16 or 256 partitions of MD5 item names"
            + " (256: less memory, up to 256 segments). Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--concurrency", defaultValue = "64", description = "Concurrent S3 GETs (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--json", description = "Print a machine-readable report.")
    boolean json;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Mixin
    AwsOptions aws;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Instant time = BackupOptions.parseTime(to);
        String target = targetTable != null ? targetTable : (inPlace ? table : null);
        if (target == null) {
            throw new IllegalArgumentException("--target-table is required (or --in-place to write into " + table + ")");
        }
        if (createTable && inPlace) {
            throw new IllegalArgumentException("--create-table and --in-place exclude each other");
        }
        if (partitions != 16 && partitions != 256) {
            throw new IllegalArgumentException("--partitions must be 16 or 256");
        }
        BackupScope scope = key != null ? BackupScope.key(BackupOptions.parseKey(key)).withTenant(tenant)
                : tenant != null ? BackupScope.tenant(tenant) : BackupScope.all();
        scope = scope.segment(segment, segments);

        ClientSettings settings = aws.settings(Math.max(concurrency, 64));
        try (S3Client s3 = AwsClients.s3(settings); DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings)) {
            if (!inPlace && TableIdentity.sameTable(dynamoDb, table, target)) {
                throw new IllegalArgumentException("TARGET " + target + " is the source table " + table
                        + " (the same table ARN): add --in-place to overwrite it");
            }
            BackupReader reader = BackupReader.builder(s3, backup.bucket, table).prefix(backup.prefix)
                    .timeSource(backup.timeSource()).partitionDigits(partitions == 16 ? 1 : 2)
                    .concurrency(Math.min(concurrency, 64)).build();
            RestoreRequest request = RestoreRequest.builder(target, time).scope(scope).dryRun(dryRun)
                    .createTable(createTable).allowDeleteAll(allowDeleteAll).allowMissingVersions(allowMissingVersions)
                    .skipBadObjects(skipBadObjects).maxWcu(maxWcu).getConcurrency(concurrency)
                    .progress(!noProgress && !json).build();
            RestoreReport report = new RestoreJob(reader, dynamoDb).run(request, table);
            System.out.print(json ? report.toJson() + System.lineSeparator() : report.toHuman());
            if (report.outcome() == RestoreReport.Outcome.STOPPED || report.outcome() == RestoreReport.Outcome.REFUSED) {
                spec.commandLine().getErr().println(spec.commandLine().getColorScheme().errorText("Error: " + report.message()));
            }
            return report.exitCode();
        }
    }
}
