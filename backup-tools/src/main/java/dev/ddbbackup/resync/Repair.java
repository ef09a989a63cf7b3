package dev.ddbbackup.resync;

import dev.ddbbackup.layout.ChangeLogEntry;

/**
 * One write of a resync: the live item's image PUT (or its absence, a DELETE) at an object key,
 * for an item verify found {@code kind}; {@code outcome} says what became of it.
 */
record Repair(Difference.Kind kind, String key, ChangeLogEntry.Action action, String objectKey, Outcome outcome) {

    /** What became of a planned write. */
    enum Outcome {
        /** Listed only (--dry-run). */
        PLANNED,
        WRITTEN,
        FAILED
    }

    Repair with(Outcome o) {
        return new Repair(kind, key, action, objectKey, o);
    }

    /** One line for people: {@code PUT  differing  {"id":{"S":"a"}}  bk/T/0cc1…}. */
    String line() {
        return String.format("%-6s %-9s %s  %s", action, kind.cliName(), key, objectKey);
    }
}
