package dev.ddbbackup.backup;

import dev.ddbbackup.layout.ItemKey;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The image a PUT change points at, read and checked ({@link BackupView#checkedImage}, once): the item,
 * or the problem that makes it unusable.
 *
 * @param item the item as stored (SDK model), or null when not {@link #ok()}
 * @param key the item's key, or null when no key schema was known to find it by
 * @param problem why the image cannot be used, or null
 */
public record CheckedImage(Change change, Map<String, AttributeValue> item, ItemKey key, BackupProblem problem) {

    static CheckedImage unusable(Change change, BackupProblem problem) {
        return new CheckedImage(change, null, null, problem);
    }

    /** Whether the image can be used. */
    public boolean ok() {
        return problem == null;
    }
}
