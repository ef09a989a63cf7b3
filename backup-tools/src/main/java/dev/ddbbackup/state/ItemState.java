package dev.ddbbackup.state;

import dev.ddbbackup.backup.Change;
import dev.ddbbackup.backup.ItemTimeline;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One item that exists in the backup at the chosen time: its timeline, the PUT in force, its checked image. */
public final class ItemState {

    public final ItemTimeline timeline;
    public final Change change;
    /** The image, read and checked ({@link dev.ddbbackup.backup.BackupView#checkedImage}), in the SDK model. */
    public final Map<String, AttributeValue> item;

    ItemState(ItemTimeline timeline, Change change, Map<String, AttributeValue> item) {
        this.timeline = timeline;
        this.change = change;
        this.item = item;
    }
}
