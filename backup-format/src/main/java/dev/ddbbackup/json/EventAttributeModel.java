package dev.ddbbackup.json;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** {@link AttributeModel} over the Lambda events model, which has one nullable field per type. */
final class EventAttributeModel implements AttributeModel<AttributeValue> {

    static final EventAttributeModel INSTANCE = new EventAttributeModel();

    @Override
    public Tag tag(AttributeValue v, String path) {
        Tag tag = null;
        int count = 0;
        if (v.getS() != null) { tag = Tag.S; count++; }
        if (v.getN() != null) { tag = Tag.N; count++; }
        if (v.getB() != null) { tag = Tag.B; count++; }
        if (v.getSS() != null) { tag = Tag.SS; count++; }
        if (v.getNS() != null) { tag = Tag.NS; count++; }
        if (v.getBS() != null) { tag = Tag.BS; count++; }
        if (v.getM() != null) { tag = Tag.M; count++; }
        if (v.getL() != null) { tag = Tag.L; count++; }
        if (v.getNULL() != null) { tag = Tag.NULL; count++; }
        if (v.getBOOL() != null) { tag = Tag.BOOL; count++; }
        if (count != 1) {
            throw new MalformedAttributeException(path, count == 0 ? "no type is set" : count + " types are set");
        }
        if (tag == Tag.NULL && !v.getNULL()) {
            throw new MalformedAttributeException(path, "NULL must be true");
        }
        return tag;
    }

    @Override
    public String string(AttributeValue v) {
        return v.getS() != null ? v.getS() : v.getN();
    }

    @Override
    public byte[] bytes(AttributeValue v) {
        return toArray(v.getB());
    }

    @Override
    public List<String> strings(AttributeValue v) {
        return v.getSS() != null ? v.getSS() : v.getNS();
    }

    @Override
    public List<byte[]> byteList(AttributeValue v) {
        return v.getBS().stream().map(EventAttributeModel::toArray).toList();
    }

    @Override
    public Map<String, AttributeValue> map(AttributeValue v) {
        return v.getM();
    }

    @Override
    public List<AttributeValue> list(AttributeValue v) {
        return v.getL();
    }

    @Override
    public boolean bool(AttributeValue v) {
        return v.getBOOL();
    }

    @Override
    public AttributeValue ofString(Tag tag, String value) {
        return tag == Tag.S ? new AttributeValue().withS(value) : new AttributeValue().withN(value);
    }

    @Override
    public AttributeValue ofBytes(byte[] value) {
        return new AttributeValue().withB(ByteBuffer.wrap(value));
    }

    @Override
    public AttributeValue ofStrings(Tag tag, List<String> values) {
        return tag == Tag.SS ? new AttributeValue().withSS(values) : new AttributeValue().withNS(values);
    }

    @Override
    public AttributeValue ofByteList(List<byte[]> values) {
        return new AttributeValue().withBS(values.stream().map(ByteBuffer::wrap).toList());
    }

    @Override
    public AttributeValue ofMap(Map<String, AttributeValue> values) {
        return new AttributeValue().withM(values);
    }

    @Override
    public AttributeValue ofList(List<AttributeValue> values) {
        return new AttributeValue().withL(values);
    }

    @Override
    public AttributeValue ofNull() {
        return new AttributeValue().withNULL(true);
    }

    @Override
    public AttributeValue ofBool(boolean value) {
        return new AttributeValue().withBOOL(value);
    }

    /** Copies a buffer's remaining bytes without moving its position (the event may be read again). */
    private static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }
}
