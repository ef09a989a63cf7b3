package dev.ddbbackup.cli;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.backup.KeySchema;
import dev.ddbbackup.revert.RevertJob;
import dev.ddbbackup.revert.RevertReport;
import dev.ddbbackup.revert.RevertRequest;
import dev.ddbbackup.revert.WindowChanges;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code revert}: the items changed in a window (T1, T2] put back to their state at T1, and nothing else. */
@Command(name = "revert", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, usageHelpWidth = 100,
        description = {
                "Undo the changes made in the window (T1, T2]: every item changed in it gets its state at T1 (its "
                        + "image put back, or deleted when it did not exist at T1); no other item is touched.",
                "An item changed again after T2 is a conflict: left alone and listed unless "
                        + "--overwrite-later-changes.",
                "Every write is conditional on the live item being what the backup says it was at T2 (or at its "
                        + "newest change): an item a writer changed meanwhile is left alone and listed, never overwritten.",
                "Every image is read and checked before the first write; writing into the source needs --in-place.",
                "Exit codes: 0 everything reverted (or, with --dry-run, would be); 1 items left out (listed) or "
                        + "problems in the backup (nothing written); 2 usage or refused.",
                "Not yet on Step Functions (--on-step-functions). See docs/RESTORE.md, 'Undo a bad deploy'."})
public final class RevertCommand implements Callable<Integer> {

    @Mixin
    WindowOptions window;

    @Mixin
    TargetOptions target;

    @Option(names = "--overwrite-later-changes", description = "Revert items changed again after T2 too (their"
            + " later changes are undone; the writes are conditional on their newest state).")
    boolean overwriteLaterChanges;

    @Option(names = "--write-concurrency", defaultValue = "8", description = "Items written at once (default: ${DEFAULT-VALUE}).")
    int writeConcurrency;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        Instant from = window.from;
        Instant to = window.to;
        String source = window.table();
        String into = target.target(source);
        ClientSettings settings = window.settings(run);
        try (S3Client s3 = AwsClients.s3(settings); DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings)) {
            target.refuseSource(dynamoDb, source, into);
            BackupReader reader = window.reader(s3);
            KeySchema targetKey = targetKey(dynamoDb, into, reader);
            WindowChanges changes = window.changes(reader, targetKey, run);
            RevertReport result = new RevertJob(dynamoDb).run(changes, new RevertRequest(into, targetKey, target.dryRun,
                    overwriteLaterChanges, target.maxWcu, writeConcurrency));
            run.print(mapper -> {
                var o = result.toJson(mapper);
                o.put("from", from.toString()).put("to", to.toString()).put("items", changes.items().size())
                        .put("readFrom", changes.readFrom());
                return o;
            }, String.format("Window (%s, %s]: %d items changed%nread from: %s%n", from, to, changes.items().size(),
                    changes.readFrom()) + result.toHuman());
            return result.exitCode();
        }
    }

    /** The target's key schema; refused (exit 2) when it is missing or differs from the backup's. */
    private static KeySchema targetKey(DynamoDbClient dynamoDb, String target, BackupReader reader) {
        TableDescription table;
        try {
            table = dynamoDb.describeTable(b -> b.tableName(target)).table();
        } catch (ResourceNotFoundException e) {
            throw new IllegalArgumentException("Target table " + target + " does not exist");
        }
        KeySchema key = KeySchema.of(table.keySchema(), table.attributeDefinitions());
        KeySchema backup = reader.tableDescription().map(KeySchema::of).orElse(null);
        if (backup != null && !backup.sameAs(key)) {
            throw new IllegalArgumentException("The target table " + target + " has the key " + key
                    + ", the backup's table (_table.json) has " + backup);
        }
        return key;
    }
}
