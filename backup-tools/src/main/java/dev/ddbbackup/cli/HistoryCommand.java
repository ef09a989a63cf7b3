package dev.ddbbackup.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.backup.BackupProblem;
import dev.ddbbackup.backup.AttributeDiff;
import dev.ddbbackup.backup.BackupReader;
import dev.ddbbackup.backup.BackupScope;
import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.backup.Change;
import dev.ddbbackup.backup.CheckedImage;
import dev.ddbbackup.backup.ItemTimeline;
import dev.ddbbackup.backup.Partition;
import dev.ddbbackup.backup.VersionEntry;
import dev.ddbbackup.layout.PartitionWidth;
import dev.ddbbackup.restore.ItemImages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code history}: every change of one item, oldest first. The object is found under its MD5 name
 * and, when the key schema is known ({@code _table.json}, or a single-attribute key), under its
 * plain-text name, in every tenant folder (or the one given).
 */
@Command(name = "history", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, usageHelpWidth = 100,
        description = {
                "Show every version of one item in the backup, oldest first: each change's time and where it came "
                        + "from (change-log, metadata, last-modified), repeated deliveries marked redundant.",
                "Exit code 1 when the backup holds no change of the item, or has problems with it (listed)."})
public final class HistoryCommand implements Callable<Integer> {

    @Mixin
    BackupOptions backup;

    @Option(names = "--key", required = true, paramLabel = "KEYJSON", description = "The item key as DynamoDB JSON.")
    String key;

    @Option(names = "--tenant", description = "Only this tenant's folder (the tenancy attribute's value).")
    String tenant;

    @Option(names = "--diff", description = "Show attributes added, removed and changed by each change.")
    boolean diff;

    @Mixin
    RunOptions run;

    @Option(names = "--from", paramLabel = "TIME", converter = PointInTime.class, description = "Only changes at or"
            + " after this ISO-8601 instant. In log mode only the log segments that can hold the window's changes are read.")
    Instant from;

    @Option(names = "--to", paramLabel = "TIME", converter = PointInTime.class,
            description = "Only changes at or before this ISO-8601 instant (or 'now').")
    Instant to;

    private static final String ROW = "%-24s %-8s %-7s %-22s %-36s %7s  %-10s %-13s %s%n";

    @Override
    public Integer call() throws Exception {
        BackupScope scope = BackupScope.key(BackupOptions.parseKey(key)).withTenant(tenant);
        String table = backup.table;
        boolean json = run.json;
        try (S3Client s3 = AwsClients.s3(run.aws.settings(16))) {
            BackupReader reader = backup.read(PartitionWidth.P16, 8).reader(s3);
            try (BackupView view = from == null && to == null ? reader.open(scope)
                    : reader.openWindow(scope, from, to)) {
                List<VersionEntry> entries = new ArrayList<>();
                Map<String, ItemTimeline> items = new java.util.HashMap<>();
                // Reading every partition of the key (or window) can take long on a large backup.
                try (ProgressBars progress = run.progress(json)) {
                    progress.start("History " + table, view.partitions().size(), "partitions");
                    for (Partition p : view.partitions()) {
                        for (ItemTimeline item : view.read(p)) {
                            entries.addAll(item.entries());
                            item.changes().forEach(c -> items.put(c.objectKey() + "@" + c.versionId(), item));
                        }
                        progress.step(1);
                    }
                }
                entries.removeIf(e -> (from != null && e.time().isBefore(from))
                        || (to != null && e.time().isAfter(to)));
                entries.sort(VersionEntry.ORDER);
                if (from != null || to != null) {
                    // What reading the history cost: the window's reads, so a bounded history in log mode shows it read only its hours.
                    System.err.println(view.stats().describeReads());
                }
                List<String> problems = new ArrayList<>();
                view.problems().forEach(p -> problems.add(p.kind().cliName() + "  " + p));
                if (entries.isEmpty()) {
                    problems.forEach(p -> System.err.println("WARNING: " + p));
                    System.err.println("No changes of " + scope.key() + " in " + backup.location().describe());
                    return Main.EXIT_PROBLEM;
                }
                print(view, items, entries, problems);
                problems.forEach(p -> System.err.println("WARNING: " + p));
                return problems.isEmpty() ? Main.EXIT_OK : Main.EXIT_PROBLEM;
            }
        }
    }

    /** Prints the rows; images that cannot be shown (for --diff) are added to {@code problems}. */
    private void print(BackupView view, Map<String, ItemTimeline> items, List<VersionEntry> entries,
            List<String> problems) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode rows = mapper.createArrayNode();
        boolean json = run.json;
        if (!json) {
            System.out.printf("Time source: %s%n", view.timeSource().cliName());
            System.out.printf(ROW, "TIME", "EVENT", "ACTION", "SEQUENCE", "VERSION", "SIZE", "TENANT", "ORIGIN", "STATUS");
        }
        Map<String, AttributeValue> previous = Map.of();
        for (VersionEntry e : entries) {
            Change c = e.change();
            String event = c == null || c.eventName() == null ? "-" : c.eventName() + (c.ttlDelete() ? " (TTL)" : "")
                    + (c.movedOut() ? " (moved)" : "");
            String action = e.deleteMarker() ? "DELETE" : "PUT";
            ObjectNode row = rows.addObject();
            row.put("time", e.time().toString()).put("event", c == null ? null : c.eventName()).put("action", action)
                    .put("sequenceNumber", e.sequence() == null ? null : e.sequence().toString())
                    .put("eventId", c == null ? null : c.eventId())
                    .put("versionId", e.versionId()).put("size", e.size()).put("tenant", c == null ? null : c.tenant())
                    .put("ttlDelete", c != null && c.ttlDelete()).put("origin", e.origin().cliName())
                    .put("status", e.status().cliName()).put("note", e.note())
                    .put("lastModified", e.lastModified() == null ? null : e.lastModified().toString())
                    .put("objectKey", e.objectKey());
            if (!json) {
                System.out.printf(ROW, e.time(), event, action, e.sequence() == null ? "-" : e.sequence(),
                        e.versionId() == null ? "-" : e.versionId(), e.size() < 0 ? "-" : e.size(),
                        c == null || c.tenant() == null ? "" : c.tenant(), e.origin().cliName(),
                        e.status().cliName() + (e.note() == null ? "" : ": " + e.note()));
            }
            if (c != null && c.isPut() && c.imageMissing() && e.status() == VersionEntry.Status.MISSING
                    && e.versionId() != null && e.versionId().equals(c.versionId())) {
                problems.add(BackupProblem.Kind.MISSING_VERSION.cliName() + "  " + e.objectKey() + " version "
                        + e.versionId() + ": the change log names it, the bucket does not hold it");
            }
            if (!diff || c == null || e.status() != VersionEntry.Status.APPLIED || c.movedOut()) {
                continue;
            }
            Map<String, AttributeValue> current = Map.of();
            if (c.isPut()) {
                CheckedImage image = view.checkedImage(items.get(c.objectKey() + "@" + c.versionId()), c, null);
                if (!image.ok()) {
                    problems.add(image.problem().kind().cliName() + "  " + image.problem());
                    print(json, "    (image not shown: %s)", image.problem().reason());
                    row.put("imageProblem", image.problem().reason());
                    continue;
                }
                current = ItemImages.toItem(image.item());
            }
            ObjectNode d = row.putObject("diff");
            for (AttributeDiff.Entry change : AttributeDiff.of(previous, current)) {
                d.put(change.jsonName(), change.jsonValue());
                print(json, "    %s", change.human());
            }
            previous = current;
        }
        if (json) {
            System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(rows));
        }
    }

    private static void print(boolean json, String format, Object... args) {
        if (!json) {
            System.out.printf(format + "%n", args);
        }
    }
}
