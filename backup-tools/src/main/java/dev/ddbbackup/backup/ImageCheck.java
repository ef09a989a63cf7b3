package dev.ddbbackup.backup;

import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.json.MalformedAttributeException;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.KeyValue;
import dev.ddbbackup.layout.NameEncoding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Whether an object version holds the item its name stands for: DynamoDB JSON the tools can read,
 * with the key the object is named after (the MD5 of the key, or its plain-text values), and the
 * key the change log gives for it. Nothing is restored, snapshot or compared from an image that
 * fails.
 */
final class ImageCheck {

    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");

    /** The outcome: the parsed image and its key, or why it cannot be used. */
    record Result(Map<String, AttributeValue> image, ItemKey key, String problem) {

        static Result bad(String problem) {
            return new Result(null, null, problem);
        }
    }

    private ImageCheck() {
    }

    /**
     * The image's key is found by the backup's own key schema ({@code _table.json}); without one, by
     * the change log's key names for the item; without those (a bucket of another tool), by
     * {@code fallback} (the restore target's, the live table's). Whether the image also fits a
     * restore target is the restore's question.
     *
     * @param itemName the object's name (last path segment)
     * @param loggedKey the item's key from the change log, or null
     */
    static Result check(byte[] bytes, String itemName, ItemKey loggedKey, KeySchema backupSchema, KeySchema fallback) {
        Map<String, AttributeValue> image;
        try {
            image = DynamoJson.parseSdkItem(bytes);
        } catch (MalformedAttributeException e) {
            return Result.bad("not an item in DynamoDB JSON: " + firstLine(e.getMessage()));
        }
        List<List<String>> orders = new ArrayList<>();
        if (backupSchema != null) {
            orders.add(backupSchema.names());
        } else if (loggedKey != null) {
            // Key names from the change log, order unknown: a plain-text name says which is the hash key.
            List<String> names = new ArrayList<>(loggedKey.attributes().keySet());
            orders.add(names);
            if (names.size() == 2) {
                orders.add(List.of(names.get(1), names.get(0)));
            }
        } else if (fallback != null) {
            orders.add(fallback.names());
        }
        if (orders.isEmpty()) {
            // No key schema at all (a bucket of another tool, restored with nothing to compare with).
            return new Result(image, null, null);
        }
        String firstProblem = null;
        for (List<String> order : orders) {
            ItemKey key;
            try {
                key = keyOf(image, order);
            } catch (IllegalArgumentException e) {
                firstProblem = firstProblem != null ? firstProblem : e.getMessage();
                continue;
            }
            String mismatch = nameMismatch(itemName, key, order);
            if (mismatch != null) {
                firstProblem = firstProblem != null ? firstProblem : mismatch;
                continue;
            }
            if (loggedKey != null && !loggedKey.equals(key)) {
                return Result.bad("the image's key " + key + " is not the change log's key " + loggedKey);
            }
            return new Result(image, key, null);
        }
        return Result.bad(firstProblem);
    }

    /** The image's key by a key schema's attribute names. */
    static ItemKey keyOf(Map<String, AttributeValue> image, List<String> names) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (String name : names) {
            AttributeValue v = image.get(name);
            if (v == null) {
                throw new IllegalArgumentException("the image has no key attribute '" + name + "'");
            }
            if (DynamoJson.sdkScalar(v) == null) {
                throw new IllegalArgumentException("the image's key attribute '" + name + "' is not S, N or B");
            }
            key.put(name, v);
        }
        return DynamoJson.sdkKey(key);
    }

    /** Whether {@code itemName} is the name of {@code key}, in either key-schema order. */
    static boolean isNameOf(String itemName, ItemKey key) {
        List<String> names = new ArrayList<>(key.attributes().keySet());
        if (nameMismatch(itemName, key, names) == null) {
            return true;
        }
        return names.size() == 2 && nameMismatch(itemName, key, List.of(names.get(1), names.get(0))) == null;
    }

    /** Null when {@code itemName} is the name of {@code key}: its MD5, or its plain-text values. */
    private static String nameMismatch(String itemName, ItemKey key, List<String> order) {
        String md5 = key.md5Hex();
        if (itemName.equals(md5)) {
            return null;
        }
        String[] parts = itemName.split("\\|", -1);
        if (parts.length == order.size()) {
            boolean equal = true;
            for (int i = 0; i < parts.length && equal; i++) {
                KeyValue v = key.get(order.get(i));
                try {
                    equal = NameEncoding.decode(parts[i]).equals(v.plainText());
                } catch (IllegalArgumentException e) {
                    equal = false;
                }
            }
            if (equal) {
                return null;
            }
        }
        return MD5_HEX.matcher(itemName).matches()
                ? "the image holds the item " + key + ", whose name is " + md5 + ", not this object's"
                : "the image holds the item " + key + ", not the one this object is named for";
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
