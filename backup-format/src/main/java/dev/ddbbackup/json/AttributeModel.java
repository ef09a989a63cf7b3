package dev.ddbbackup.json;

import java.util.List;
import java.util.Map;

/**
 * The two attribute-value classes we meet (the Lambda events model and the SDK v2 model) seen
 * through one interface, so {@link DynamoJson} has one reader and one writer for both.
 *
 * @param <T> the attribute-value class
 */
interface AttributeModel<T> {

    /** The DynamoDB JSON type tags. */
    enum Tag { S, N, B, SS, NS, BS, M, L, NULL, BOOL }

    /** The single type of a value that is not null; {@code path} names the value in errors. */
    Tag tag(T value, String path);

    String string(T value);

    byte[] bytes(T value);

    List<String> strings(T value);

    List<byte[]> byteList(T value);

    Map<String, T> map(T value);

    List<T> list(T value);

    boolean bool(T value);

    T ofString(Tag tag, String value);

    T ofBytes(byte[] value);

    T ofStrings(Tag tag, List<String> values);

    T ofByteList(List<byte[]> values);

    T ofMap(Map<String, T> values);

    T ofList(List<T> values);

    T ofNull();

    T ofBool(boolean value);
}
