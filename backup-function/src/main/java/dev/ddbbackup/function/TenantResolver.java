package dev.ddbbackup.function;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.KeyValue;
import dev.ddbbackup.layout.NameEncoding;
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

    /** The resolved tenant, with {@code problem} set when the fallback was used. */
    static final class Tenant {
        final String segment;
        final String problem;

        Tenant(String segment, String problem) {
            this.segment = segment;
            this.problem = problem;
        }
    }

    Tenant tenantOf(Map<String, AttributeValue> image) {
        AttributeValue value = image.get(column);
        if (value == null) {
            return new Tenant(BackupLayout.NO_TENANT, "tenancy attribute '" + column + "' is missing");
        }
        if (value.getBOOL() != null && value.getS() == null && value.getN() == null && value.getB() == null) {
            return new Tenant(value.getBOOL().toString(), null);
        }
        KeyValue scalar = DynamoJson.eventScalar(value);
        if (scalar == null) {
            return new Tenant(BackupLayout.NO_TENANT, "tenancy attribute '" + column + "' is NULL or not a scalar");
        }
        String text = scalar.plainText();
        if (text.isEmpty()) {
            return new Tenant(BackupLayout.NO_TENANT, "tenancy attribute '" + column + "' is empty");
        }
        return new Tenant(NameEncoding.encode(text), null);
    }
}
