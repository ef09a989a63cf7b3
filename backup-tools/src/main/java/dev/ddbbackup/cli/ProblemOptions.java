package dev.ddbbackup.cli;

import picocli.CommandLine.Option;

/**
 * What restore and snapshot do with items the backup cannot give (a version the change log names
 * that the bucket lacks, an unusable object): by default nothing is written; with these options the
 * rest is, and those items are left out and listed.
 */
public final class ProblemOptions {

    @Option(names = "--allow-missing-versions", description = "When the change log names object versions the bucket"
            + " does not have, write everything else and list those items (a restore leaves them untouched, never"
            + " deleted; a snapshot lists them in its manifest); otherwise nothing is written.")
    boolean allowMissingVersions;

    @Option(names = "--skip-bad-objects", description = "Leave items whose object version is unusable (not DynamoDB"
            + " JSON, another item's image) and unreadable change-log lines out, and list them; otherwise nothing is"
            + " written.")
    boolean skipBadObjects;

    /** Whether any item may be left out. */
    boolean any() {
        return allowMissingVersions || skipBadObjects;
    }
}
