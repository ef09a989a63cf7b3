package dev.ddbbackup.backup;

import dev.ddbbackup.layout.ItemKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every change the backup holds for one item, oldest first, across the tenant folders that were
 * read. The item is identified by its object name ({@link #itemName}, the same in every tenant
 * folder); {@link #key} is known when a change-log line named it.
 *
 * @param itemName the item's object name (MD5 hex or plain text), without tenant folder
 * @param key the item key from the change log, or null when no change-log line names the item
 * @param changes all changes, oldest first ({@link Change#ORDER})
 * @param entries every write the backup holds for the item, and every one the change log names that
 *     it does not hold, oldest first, each with the part it plays (applied, redundant, missing): what
 *     {@code history} shows
 */
public record ItemTimeline(String itemName, ItemKey key, List<Change> changes, List<VersionEntry> entries) {

    public ItemTimeline {
        changes = List.copyOf(changes);
        entries = List.copyOf(entries);
    }

    /**
     * The item's last change at {@code time} inclusive, or empty when its first change is later.
     * A PUT means the item existed with that version's image; a DELETE means it did not (or, when
     * {@link Change#movedOut()}, that it had moved to a tenant folder that was not read).
     */
    public Optional<Change> latestAt(Instant time) {
        Change latest = null;
        for (Change c : changes) {
            if (c.time().isAfter(time)) {
                break;
            }
            latest = c;
        }
        return Optional.ofNullable(latest);
    }

    /** The newest PUT, whatever its time: the image to take the key from when the log has none. */
    public Optional<Change> newestPut() {
        for (int i = changes.size() - 1; i >= 0; i--) {
            if (changes.get(i).isPut()) {
                return Optional.of(changes.get(i));
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return itemName + (key == null ? "" : " " + key) + " " + changes;
    }
}
