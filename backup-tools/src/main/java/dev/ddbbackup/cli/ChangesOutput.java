package dev.ddbbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.backup.BackupProblem;
import dev.ddbbackup.backup.ReaderStats;
import dev.ddbbackup.revert.ItemChange;
import dev.ddbbackup.revert.ListedChange;
import dev.ddbbackup.revert.WindowChanges;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code changes} prints, for people and as JSON: the same from a window read on this machine
 * and from the listings of a fanned-out one.
 *
 * @param items the listing, in its order ({@link ListedChange#ORDER})
 */
record ChangesOutput(Instant from, Instant to, String readFrom, List<ListedChange> items, List<BackupProblem> problems,
        ReaderStats stats) {

    static ChangesOutput of(WindowChanges c) {
        return new ChangesOutput(c.from(), c.to(), c.readFrom(), c.items().stream().map(ListedChange::of).toList(),
                c.problems(), c.stats());
    }

    private long count(ItemChange.Kind kind) {
        return items.stream().filter(i -> i.kind() == kind).count();
    }

    private long changedAfter() {
        return items.stream().filter(ListedChange::changedAfter).count();
    }

    String human() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("Changes in (%s, %s]: %d items (%s); changed again after T2: %d%n", from, to,
                items.size(), counts(), changedAfter()));
        s.append("read from: ").append(readFrom).append('\n');
        if (!items.isEmpty()) {
            s.append(String.format("%-10s %-10s %-8s %-9s %s%n", "KIND", "TENANT", "CHANGES", "AFTER-T2", "KEY"));
        }
        for (ListedChange i : items) {
            s.append(String.format("%-10s %-10s %-8d %-9s %s%n", i.kind().cliName(), i.tenant() == null ? "-" : i.tenant(),
                    i.changesInWindow(), i.changedAfter() ? "yes" : "no", i.key()));
            i.diff().forEach(d -> s.append("    ").append(d.human()).append('\n'));
        }
        Map<String, Map<ItemChange.Kind, Integer>> perTenant = perTenant();
        if (perTenant.size() > 1 || (perTenant.size() == 1 && !perTenant.containsKey("-"))) {
            s.append("per tenant:\n");
            perTenant.forEach((t, kinds) -> s.append("  ").append(t).append(": ").append(kinds.entrySet().stream()
                    .map(e -> e.getKey().cliName() + " " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse(""))
                    .append('\n'));
        }
        for (BackupProblem p : problems) {
            s.append("PROBLEM ").append(p.kind().cliName()).append("  ").append(p).append('\n');
        }
        return s.toString();
    }

    private String counts() {
        StringBuilder s = new StringBuilder();
        for (ItemChange.Kind k : ItemChange.Kind.values()) {
            long n = count(k);
            if (n > 0 || k != ItemChange.Kind.UNREADABLE) {
                s.append(s.length() == 0 ? "" : ", ").append(k.cliName()).append(' ').append(n);
            }
        }
        return s.toString();
    }

    private Map<String, Map<ItemChange.Kind, Integer>> perTenant() {
        Map<String, Map<ItemChange.Kind, Integer>> out = new TreeMap<>();
        for (ListedChange i : items) {
            out.computeIfAbsent(i.tenant() == null ? "-" : i.tenant(), k -> new TreeMap<>()).merge(i.kind(), 1, Integer::sum);
        }
        return out;
    }

    ObjectNode toJson(ObjectNode o) {
        o.put("from", from.toString()).put("to", to.toString()).put("readFrom", readFrom).put("items", items.size())
                .put("changedAfter", changedAfter());
        ObjectNode kinds = o.putObject("kinds");
        for (ItemChange.Kind k : ItemChange.Kind.values()) {
            kinds.put(k.cliName(), count(k));
        }
        ObjectNode tenants = o.putObject("perTenant");
        perTenant().forEach((t, ks) -> {
            ObjectNode n = tenants.putObject(t);
            ks.forEach((k, v) -> n.put(k.cliName(), v));
        });
        ArrayNode changes = o.putArray("changes");
        for (ListedChange i : items) {
            ObjectNode n = changes.addObject();
            n.put("key", i.key()).put("tenant", i.tenant()).put("kind", i.kind().cliName()).put("atFrom", i.atFrom())
                    .put("atTo", i.atTo()).put("changesInWindow", i.changesInWindow())
                    .put("changedAfter", i.changedAfter());
            ObjectNode diff = n.putObject("diff");
            i.diff().forEach(d -> diff.put(d.jsonName(), d.jsonValue()));
        }
        ArrayNode list = o.putArray("problems");
        for (BackupProblem p : problems) {
            list.addObject().put("kind", p.kind().cliName()).put("objectKey", p.objectKey())
                    .put("versionId", p.versionId()).put("line", p.line()).put("reason", p.reason());
        }
        o.put("changeLogObjects", stats.changeLogObjects()).put("versionsListed", stats.versionsListed());
        return o;
    }
}
