package dev.ddbbackup.function;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.json.TenantNames;
import java.util.Map;

/**
 * The tenant path segment of an image: the tenancy attribute's value, rendered and encoded like a
 * key value. A missing, NULL, empty or non-scalar value gives {@link BackupLayout#NO_TENANT}: a
 * data problem in one item must never block the stream.
 */
final class TenantResolver {

    private final String column;

    TenantResolver(String column) {
        this.column = column;
    }

    boolean enabled() {
        return column != null;
    }

    /** The rules live in {@link TenantNames}, shared with the backfill tool. */
    TenantNames.Tenant tenantOf(Map<String, AttributeValue> image) {
        return TenantNames.ofEventValue(column, image.get(column));
    }
}
