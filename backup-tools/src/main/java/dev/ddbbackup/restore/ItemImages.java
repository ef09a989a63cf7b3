package dev.ddbbackup.restore;

import dev.ddbbackup.json.DynamoJson;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Turns stored images (DynamoDB JSON) into items to write. */
public final class ItemImages {

    /** Global tables' replication bookkeeping ({@code aws:rep:updateregion} ...): never restored. */
    private static final String REPLICATION_PREFIX = "aws:rep:";

    private ItemImages() {
    }

    /** The item to write: the image without {@code aws:rep:*} attributes. */
    public static Map<String, AttributeValue> toItem(byte[] image) {
        return toItem(DynamoJson.parseSdkItem(image));
    }

    /** The item to write: a copy of the parsed image without {@code aws:rep:*} attributes. */
    public static Map<String, AttributeValue> toItem(Map<String, AttributeValue> image) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(image);
        item.keySet().removeIf(name -> name.startsWith(REPLICATION_PREFIX));
        return item;
    }
}
