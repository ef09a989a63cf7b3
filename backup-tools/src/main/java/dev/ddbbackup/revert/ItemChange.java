package dev.ddbbackup.revert;

import dev.ddbbackup.backup.AttributeDiff;
import dev.ddbbackup.layout.ItemKey;
import java.util.List;
import java.util.Map;

/**
 * One item changed in the window (T1, T2]: its state at T1, at T2 and its newest state, the number
 * of its changes in the window and whether it changed again after T2.
 *
 * @param tenant the tenant folder (encoded) of its last change, or null without multi-tenancy
 */
public record ItemChange(ItemKey key, String tenant, ItemState atFrom, ItemState atTo, ItemState latest,
        int changesInWindow, boolean changedAfter) {

    /** What the window did to the item. */
    public enum Kind {
        ADDED, MODIFIED, DELETED, UNCHANGED, UNREADABLE;

        public String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Kind kind() {
        if (!atFrom.readable() || !atTo.readable()) {
            return Kind.UNREADABLE;
        }
        if (atFrom.sameAs(atTo)) {
            return Kind.UNCHANGED;
        }
        return !atFrom.present() ? Kind.ADDED : !atTo.present() ? Kind.DELETED : Kind.MODIFIED;
    }

    /** The attribute-level difference from T1 to T2 (empty when either is unreadable). */
    public List<AttributeDiff.Entry> diff() {
        if (!atFrom.readable() || !atTo.readable()) {
            return List.of();
        }
        return AttributeDiff.of(orEmpty(atFrom), orEmpty(atTo));
    }

    private static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> orEmpty(ItemState s) {
        return s.present() ? s.item() : Map.of();
    }
}
