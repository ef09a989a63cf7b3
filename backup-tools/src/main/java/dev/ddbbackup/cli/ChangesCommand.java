package dev.ddbbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.backup.AttributeDiff;
import dev.ddbbackup.backup.BackupProblem;
import dev.ddbbackup.revert.ItemChange;
import dev.ddbbackup.revert.WindowChanges;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code changes}: every item changed in a window (T1, T2], its states at T1 and T2 and what changed. */
@Command(name = "changes", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, usageHelpWidth = 100,
        description = {
                "Show every item changed in the window (T1, T2]: its state at T1 and at T2 (added, modified, deleted, "
                        + "or unchanged when it came back to its T1 state), the attributes that differ, the number of its "
                        + "changes in the window and whether it changed again after T2; counts per kind and per tenant.",
                "Reads only the change logs of the window's hours (from T1 less 25 hours on) and the versions of the "
                        + "items changed in it. Exit codes: 0 shown; 1 problems in the backup (listed); 2 usage.",
                "Not yet on Step Functions (--on-step-functions). See docs/RESTORE.md, 'Undo a bad deploy'."})
public final class ChangesCommand implements Callable<Integer> {

    @Mixin
    WindowOptions window;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        WindowChanges changes;
        try (S3Client s3 = AwsClients.s3(window.settings(run))) {
            changes = window.changes(s3, run);
        }
        return run.print(mapper -> toJson(mapper.createObjectNode(), changes), human(changes), changes.problems().isEmpty());
    }

    static String human(WindowChanges c) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("Changes in (%s, %s]: %d items (%s); changed again after T2: %d%n", c.from(), c.to(),
                c.items().size(), counts(c), c.items().stream().filter(ItemChange::changedAfter).count()));
        s.append("read from: ").append(c.readFrom()).append('\n');
        if (!c.items().isEmpty()) {
            s.append(String.format("%-10s %-10s %-8s %-9s %s%n", "KIND", "TENANT", "CHANGES", "AFTER-T2", "KEY"));
        }
        for (ItemChange i : c.items()) {
            s.append(String.format("%-10s %-10s %-8d %-9s %s%n", i.kind().cliName(), i.tenant() == null ? "-" : i.tenant(),
                    i.changesInWindow(), i.changedAfter() ? "yes" : "no", i.key().canonicalJson()));
            i.diff().forEach(d -> s.append("    ").append(d.human()).append('\n'));
        }
        Map<String, Map<ItemChange.Kind, Integer>> perTenant = perTenant(c);
        if (perTenant.size() > 1 || (perTenant.size() == 1 && !perTenant.containsKey("-"))) {
            s.append("per tenant:\n");
            perTenant.forEach((t, kinds) -> s.append("  ").append(t).append(": ").append(kinds.entrySet().stream()
                    .map(e -> e.getKey().cliName() + " " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse(""))
                    .append('\n'));
        }
        for (BackupProblem p : c.problems()) {
            s.append("PROBLEM ").append(p.kind().cliName()).append("  ").append(p).append('\n');
        }
        return s.toString();
    }

    private static String counts(WindowChanges c) {
        StringBuilder s = new StringBuilder();
        for (ItemChange.Kind k : ItemChange.Kind.values()) {
            long n = c.count(k);
            if (n > 0 || k != ItemChange.Kind.UNREADABLE) {
                s.append(s.length() == 0 ? "" : ", ").append(k.cliName()).append(' ').append(n);
            }
        }
        return s.toString();
    }

    private static Map<String, Map<ItemChange.Kind, Integer>> perTenant(WindowChanges c) {
        Map<String, Map<ItemChange.Kind, Integer>> out = new TreeMap<>();
        for (ItemChange i : c.items()) {
            out.computeIfAbsent(i.tenant() == null ? "-" : i.tenant(), k -> new TreeMap<>()).merge(i.kind(), 1, Integer::sum);
        }
        return out;
    }

    static ObjectNode toJson(ObjectNode o, WindowChanges c) {
        o.put("from", c.from().toString()).put("to", c.to().toString()).put("readFrom", c.readFrom())
                .put("items", c.items().size())
                .put("changedAfter", c.items().stream().filter(ItemChange::changedAfter).count());
        ObjectNode kinds = o.putObject("kinds");
        for (ItemChange.Kind k : ItemChange.Kind.values()) {
            kinds.put(k.cliName(), c.count(k));
        }
        ObjectNode tenants = o.putObject("perTenant");
        perTenant(c).forEach((t, ks) -> {
            ObjectNode n = tenants.putObject(t);
            ks.forEach((k, v) -> n.put(k.cliName(), v));
        });
        ArrayNode items = o.putArray("changes");
        for (ItemChange i : c.items()) {
            ObjectNode n = items.addObject();
            n.put("key", i.key().canonicalJson()).put("tenant", i.tenant()).put("kind", i.kind().cliName())
                    .put("atFrom", i.atFrom().label()).put("atTo", i.atTo().label())
                    .put("changesInWindow", i.changesInWindow()).put("changedAfter", i.changedAfter());
            ObjectNode diff = n.putObject("diff");
            for (AttributeDiff.Entry d : i.diff()) {
                diff.put(d.jsonName(), d.jsonValue());
            }
        }
        ArrayNode problems = o.putArray("problems");
        for (BackupProblem p : c.problems()) {
            problems.addObject().put("kind", p.kind().cliName()).put("objectKey", p.objectKey())
                    .put("versionId", p.versionId()).put("line", p.line()).put("reason", p.reason());
        }
        o.put("changeLogObjects", c.stats().changeLogObjects()).put("versionsListed", c.stats().versionsListed());
        return o;
    }
}
