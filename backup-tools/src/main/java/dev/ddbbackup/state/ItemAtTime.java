package dev.ddbbackup.state;

import dev.ddbbackup.backup.BackupProblem;
import dev.ddbbackup.backup.Change;
import dev.ddbbackup.backup.ItemTimeline;
import dev.ddbbackup.layout.ItemKey;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One item's state at the time a {@link PartitionWalk} reads the backup at. */
public sealed interface ItemAtTime {

    ItemTimeline timeline();

    /**
     * The item exists: the PUT in force and its image, read and checked
     * ({@link dev.ddbbackup.backup.BackupView#checkedImage}), in the SDK model.
     *
     * @param key the item's key, or null when no key schema was known to find it by
     */
    record Present(ItemTimeline timeline, Change change, Map<String, AttributeValue> item, ItemKey key)
            implements ItemAtTime {
    }

    /**
     * The item does not exist (deleted, or not yet created).
     *
     * @param last its last change at or before the time, or null (created later)
     * @param key its key, or null when unknown (no change-log line named it, no image found it)
     * @param keyImageRead whether an image was read to find the key
     */
    record Absent(ItemTimeline timeline, Change last, ItemKey key, boolean keyImageRead) implements ItemAtTime {

        /** The tenant folder its last change (at the time, else ever) was in, or null. */
        public String tenant() {
            if (last != null && last.tenant() != null) {
                return last.tenant();
            }
            return timeline.changes().isEmpty() ? null : timeline.changes().get(timeline.changes().size() - 1).tenant();
        }
    }

    /** The item had moved to another tenant folder (one not read) by the time: {@code moveOut} says so. */
    record Moved(ItemTimeline timeline, Change moveOut) implements ItemAtTime {
    }

    /** What the item is at the time cannot be read: the image that says it is missing or unusable. */
    record Unreadable(ItemTimeline timeline, Change change, BackupProblem problem) implements ItemAtTime {
    }
}
