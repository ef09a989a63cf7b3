package dev.ddbbackup.json;

import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.KeyValue;
import dev.ddbbackup.layout.NameEncoding;

/**
 * The tenant path segment of an item: the tenancy attribute's value, rendered and encoded like a
 * key value. A missing, NULL, empty or non-scalar value gives {@link BackupLayout#NO_TENANT}: a
 * data problem in one item must never block the stream (or a backfill).
 *
 * <p>One set of rules for both models, so the function (Lambda events model) and the tools
 * (SDK v2 model, e.g. backfill from a Scan) put the same item under the same tenant.
 */
public final class TenantNames {

    /** The resolved tenant segment, with {@code problem} set when the fallback was used. */
    public static final class Tenant {
        public final String segment;
        public final String problem;

        Tenant(String segment, String problem) {
            this.segment = segment;
            this.problem = problem;
        }
    }

    private TenantNames() {
    }

    /** The tenant of an item image in the Lambda events model. */
    public static Tenant ofEventValue(String column,
            com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue value) {
        if (value == null) {
            return missing(column);
        }
        if (value.getBOOL() != null && value.getS() == null && value.getN() == null && value.getB() == null) {
            return new Tenant(value.getBOOL().toString(), null);
        }
        return ofScalar(column, DynamoJson.eventScalar(value));
    }

    /** The tenant of an item in the SDK v2 model (a Scan or GetItem result). */
    public static Tenant ofSdkValue(String column, software.amazon.awssdk.services.dynamodb.model.AttributeValue value) {
        if (value == null) {
            return missing(column);
        }
        if (value.bool() != null && value.s() == null && value.n() == null && value.b() == null) {
            return new Tenant(value.bool().toString(), null);
        }
        return ofScalar(column, DynamoJson.sdkScalar(value));
    }

    private static Tenant missing(String column) {
        return new Tenant(BackupLayout.NO_TENANT, "tenancy attribute '" + column + "' is missing");
    }

    private static Tenant ofScalar(String column, KeyValue scalar) {
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
