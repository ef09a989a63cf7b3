package dev.ddbbackup.revert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One line of the {@code changes} listing: an {@link ItemChange} as it is shown, its states named and
 * its attribute difference rendered, without the images. What a fanned-out worker writes (one JSON
 * line each) and the command line reads back, so both print from the same values.
 *
 * @param key the item's key as canonical JSON
 * @param tenant the tenant folder of its last change, or null
 * @param diff the attribute difference from T1 to T2, rendered
 */
public record ListedChange(String key, String tenant, ItemChange.Kind kind, String atFrom, String atTo,
        int changesInWindow, boolean changedAfter, List<Diff> diff) {

    /** The listing's order: by tenant, then key (as {@link WindowChanges} sorts its items). */
    public static final Comparator<ListedChange> ORDER = Comparator
            .comparing((ListedChange c) -> c.tenant() == null ? "" : c.tenant()).thenComparing(ListedChange::key);

    /** One attribute's difference as shown: the human line, and the JSON report's name and value. */
    public record Diff(String human, String jsonName, String jsonValue) {
    }

    public ListedChange {
        diff = List.copyOf(diff);
    }

    public static ListedChange of(ItemChange c) {
        List<Diff> diff = c.diff().stream().map(d -> new Diff(d.human(), d.jsonName(), d.jsonValue())).toList();
        return new ListedChange(c.key().canonicalJson(), c.tenant(), c.kind(), c.atFrom().label(), c.atTo().label(),
                c.changesInWindow(), c.changedAfter(), diff);
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("key", key).put("tenant", tenant).put("kind", kind.cliName()).put("atFrom", atFrom).put("atTo", atTo)
                .put("changesInWindow", changesInWindow).put("changedAfter", changedAfter);
        ArrayNode d = n.putArray("diff");
        diff.forEach(e -> d.addObject().put("human", e.human()).put("name", e.jsonName()).put("value", e.jsonValue()));
        return n;
    }

    public static ListedChange fromJson(JsonNode n) {
        List<Diff> diff = new ArrayList<>();
        for (JsonNode e : n.path("diff")) {
            diff.add(new Diff(e.path("human").asText(), e.path("name").asText(), e.path("value").asText()));
        }
        return new ListedChange(n.path("key").asText(), n.path("tenant").asText(null),
                ItemChange.Kind.valueOf(n.path("kind").asText().toUpperCase(java.util.Locale.ROOT)),
                n.path("atFrom").asText(), n.path("atTo").asText(), n.path("changesInWindow").asInt(),
                n.path("changedAfter").asBoolean(), diff);
    }
}
