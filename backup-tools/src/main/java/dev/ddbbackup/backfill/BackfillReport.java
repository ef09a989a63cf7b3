package dev.ddbbackup.backfill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of a backfill, for the human summary and {@code --json}.
 *
 * @param skippedExisting items whose object already had a version or delete marker: the stream got
 *     there first
 * @param skippedRace items whose conditional PUT was refused (412): a streamed write won the race
 */
public record BackfillReport(String table, Instant scanTime, long scanned, long written, long skippedExisting,
        long skippedRace, long failed, long tenantFallbacks, long changeLogs, long changeLogFailures,
        boolean tableDescriptionWritten, double consumedReadCapacity, long elapsedMillis, List<String> failureExamples) {

    public BackfillReport {
        failureExamples = List.copyOf(failureExamples);
    }

    public boolean ok() {
        return failed == 0 && changeLogFailures == 0;
    }

    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("table", table);
        n.put("scanTime", scanTime.toString());
        n.put("ok", ok());
        n.put("scanned", scanned);
        n.put("written", written);
        n.put("skippedExisting", skippedExisting);
        n.put("skippedRace", skippedRace);
        n.put("failed", failed);
        n.put("tenantFallbacks", tenantFallbacks);
        n.put("changeLogs", changeLogs);
        n.put("changeLogFailures", changeLogFailures);
        n.put("tableDescriptionWritten", tableDescriptionWritten);
        n.put("consumedReadCapacity", consumedReadCapacity);
        n.put("elapsedMillis", elapsedMillis);
        failureExamples.forEach(n.putArray("failureExamples")::add);
        return n;
    }

    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("Backfill of %s at %s: %d items scanned in %.1f s (%.1f RCU consumed)%n",
                table, scanTime, scanned, elapsedMillis / 1000.0, consumedReadCapacity));
        s.append(String.format("  written: %d, already in the backup: %d, lost the race to a streamed write: %d%n",
                written, skippedExisting, skippedRace));
        s.append(String.format("  change logs: %d written, %d failed; _table.json %s%n", changeLogs, changeLogFailures,
                tableDescriptionWritten ? "written" : "unchanged"));
        if (tenantFallbacks > 0) {
            s.append(String.format("  %d items had no usable tenant value and went under the fallback tenant%n",
                    tenantFallbacks));
        }
        if (failed > 0) {
            s.append(String.format("  FAILED: %d items not written (run again: written items are skipped)%n", failed));
            failureExamples.forEach(e -> s.append("    ").append(e).append(System.lineSeparator()));
        }
        return s.toString();
    }
}
