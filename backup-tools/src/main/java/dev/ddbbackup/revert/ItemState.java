package dev.ddbbackup.revert;

import dev.ddbbackup.backup.BackupProblem;
import dev.ddbbackup.backup.Change;
import dev.ddbbackup.verify.ItemDigest;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What an item was at one time by the backup: present (its checked image), absent, moved to a
 * tenant folder out of scope, or unreadable (the problem with its image).
 *
 * @param change the change in force, or null (the item did not exist yet)
 * @param item the image when present, else null
 */
public record ItemState(Change change, Map<String, AttributeValue> item, boolean movedOut, BackupProblem problem) {

    static final ItemState NEVER = new ItemState(null, null, false, null);

    public boolean present() {
        return item != null;
    }

    public boolean readable() {
        return problem == null && !movedOut;
    }

    /** Whether both say the same: both absent, or equal images (sets as sets, numbers as numbers). */
    public boolean sameAs(ItemState other) {
        if (present() != other.present()) {
            return false;
        }
        return !present() || ItemDigest.of(item).equals(ItemDigest.of(other.item));
    }

    /** Whether a live item (null: absent) is this state. */
    public boolean matches(Map<String, AttributeValue> live) {
        if (live == null || live.isEmpty()) {
            return !present();
        }
        return present() && ItemDigest.of(item).equals(ItemDigest.of(live));
    }

    /** {@code present}, {@code absent}, {@code moved-out} or {@code unreadable}. */
    public String label() {
        return problem != null ? "unreadable" : movedOut ? "moved-out" : present() ? "present" : "absent";
    }
}
