package dev.ddbbackup.backup;

import dev.ddbbackup.layout.ItemKey;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The image a PUT change points at, read and checked ({@link BackupView#checkedImage}, once): the item,
 * or the problem that makes it unusable.
 */
public final class CheckedImage {

    private final Change change;
    private final Map<String, AttributeValue> item;
    private final ItemKey key;
    private final BackupProblem problem;

    CheckedImage(Change change, Map<String, AttributeValue> item, ItemKey key, BackupProblem problem) {
        this.change = change;
        this.item = item;
        this.key = key;
        this.problem = problem;
    }

    static CheckedImage unusable(Change change, BackupProblem problem) {
        return new CheckedImage(change, null, null, problem);
    }

    public Change change() {
        return change;
    }

    /** Whether the image can be used. */
    public boolean ok() {
        return problem == null;
    }

    /** The item as stored (SDK model), or null when not {@link #ok()}. */
    public Map<String, AttributeValue> item() {
        return item;
    }

    /** The item's key, or null when no key schema was known to find it by. */
    public ItemKey key() {
        return key;
    }

    /** Why the image cannot be used, or null. */
    public BackupProblem problem() {
        return problem;
    }
}
