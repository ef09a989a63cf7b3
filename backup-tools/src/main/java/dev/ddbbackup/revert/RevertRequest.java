package dev.ddbbackup.revert;

import dev.ddbbackup.backup.KeySchema;

/**
 * What a revert writes into: the target table (the source itself only when the command line was
 * told {@code --in-place}) and how.
 *
 * @param targetKey the target table's key schema (DescribeTable), partition key first
 * @param overwriteLaterChanges revert items changed again after T2 too, conditional on their newest state
 * @param maxWcu cap on write capacity units per second (0: none)
 */
public record RevertRequest(String targetTable, KeySchema targetKey, boolean dryRun, boolean overwriteLaterChanges,
        double maxWcu, int concurrency) {
}
