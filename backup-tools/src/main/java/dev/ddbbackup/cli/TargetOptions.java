package dev.ddbbackup.cli;

import dev.ddbbackup.restore.TableIdentity;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The table a restore or a revert writes into, and how hard it may write. */
public final class TargetOptions {

    @Option(names = "--target-table", paramLabel = "TARGET", description = "Table to write into (required unless --in-place).")
    String targetTable;

    @Option(names = "--in-place", description = "Allow writing into the source table itself (compared by table ARN,"
            + " so a name, an ARN or another region's spelling of it all count).")
    boolean inPlace;

    @Option(names = "--dry-run", description = "Read and check everything, print the plan (puts, deletes, per tenant)"
            + " and write nothing.")
    boolean dryRun;

    @Option(names = "--max-wcu", defaultValue = "0", description = "Cap on write capacity units per second (0: none).")
    double maxWcu;

    /** The table to write into: --target-table, or with --in-place the source; a usage error when neither. */
    String target(String source) {
        if (targetTable != null) {
            return targetTable;
        }
        if (!inPlace) {
            throw new IllegalArgumentException("--target-table is required (or --in-place to write into " + source + ")");
        }
        return source;
    }

    /** Refuses (a usage error) writing into the source, whatever it is called, unless --in-place. */
    void refuseSource(DynamoDbClient dynamoDb, String source, String target) {
        if (!inPlace && TableIdentity.sameTable(dynamoDb, source, target)) {
            throw new IllegalArgumentException("TARGET " + target + " is the source table " + source
                    + " (the same table ARN): add --in-place to write into it");
        }
    }
}
