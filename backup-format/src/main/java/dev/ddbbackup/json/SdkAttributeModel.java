package dev.ddbbackup.json;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link AttributeModel} over the AWS SDK for Java v2 model. */
final class SdkAttributeModel implements AttributeModel<AttributeValue> {

    static final SdkAttributeModel INSTANCE = new SdkAttributeModel();

    @Override
    public Tag tag(AttributeValue v, String path) {
        AttributeValue.Type type = v.type();
        if (type == AttributeValue.Type.NUL) {
            return Tag.NULL;
        }
        if (type == null || type == AttributeValue.Type.UNKNOWN_TO_SDK_VERSION) {
            throw new MalformedAttributeException(path, "no known type is set");
        }
        // The SDK's other type names are the DynamoDB JSON tags.
        return Tag.valueOf(type.name());
    }

    @Override
    public String string(AttributeValue v) {
        return v.s() != null ? v.s() : v.n();
    }

    @Override
    public byte[] bytes(AttributeValue v) {
        return v.b().asByteArray();
    }

    @Override
    public List<String> strings(AttributeValue v) {
        return v.hasSs() ? v.ss() : v.ns();
    }

    @Override
    public List<byte[]> byteList(AttributeValue v) {
        return v.bs().stream().map(SdkBytes::asByteArray).toList();
    }

    @Override
    public Map<String, AttributeValue> map(AttributeValue v) {
        return v.m();
    }

    @Override
    public List<AttributeValue> list(AttributeValue v) {
        return v.l();
    }

    @Override
    public boolean bool(AttributeValue v) {
        return v.bool();
    }

    @Override
    public AttributeValue ofString(Tag tag, String value) {
        return tag == Tag.S ? AttributeValue.fromS(value) : AttributeValue.fromN(value);
    }

    @Override
    public AttributeValue ofBytes(byte[] value) {
        return AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(value));
    }

    @Override
    public AttributeValue ofStrings(Tag tag, List<String> values) {
        return tag == Tag.SS ? AttributeValue.fromSs(values) : AttributeValue.fromNs(values);
    }

    @Override
    public AttributeValue ofByteList(List<byte[]> values) {
        return AttributeValue.fromBs(values.stream().map(SdkBytes::fromByteArrayUnsafe).toList());
    }

    @Override
    public AttributeValue ofMap(Map<String, AttributeValue> values) {
        return AttributeValue.fromM(values);
    }

    @Override
    public AttributeValue ofList(List<AttributeValue> values) {
        return AttributeValue.fromL(values);
    }

    @Override
    public AttributeValue ofNull() {
        return AttributeValue.fromNul(true);
    }

    @Override
    public AttributeValue ofBool(boolean value) {
        return AttributeValue.fromBool(value);
    }
}
