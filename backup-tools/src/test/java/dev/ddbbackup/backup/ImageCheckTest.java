package dev.ddbbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.KeyStrategy;
import dev.ddbbackup.layout.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

class ImageCheckTest {

    private static final ItemKey A = ItemKey.of(Map.of("id", KeyValue.string("a"), "range", KeyValue.number("1")));
    private static final KeySchema SCHEMA = KeySchema.of(
            List.of(KeySchemaElement.builder().attributeName("range").keyType(KeyType.RANGE).build(),
                    KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()),
            List.of(AttributeDefinition.builder().attributeName("id").attributeType("S").build(),
                    AttributeDefinition.builder().attributeName("range").attributeType("N").build()));

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anImageWithTheKeyOfItsMd5NamePasses() {
        ImageCheck.Result r = ImageCheck.check(json("{\"id\":{\"S\":\"a\"},\"range\":{\"N\":\"1\"},\"v\":{\"S\":\"x\"}}"),
                A.md5Hex(), A, SCHEMA, null);
        assertThat(r.problem()).isNull();
        assertThat(r.key()).isEqualTo(A);
        assertThat(SCHEMA.names()).containsExactly("id", "range");
    }

    @Test
    void anotherItemsImageUnderThisNameFailsWhicheverSchemaIsKnown() {
        byte[] other = json("{\"id\":{\"S\":\"b\"},\"range\":{\"N\":\"1\"}}");
        assertThat(ImageCheck.check(other, A.md5Hex(), A, SCHEMA, null).problem()).contains("whose name is");
        assertThat(ImageCheck.check(other, A.md5Hex(), A, null, null).problem()).contains("whose name is");
        assertThat(ImageCheck.check(other, A.md5Hex(), null, null, SCHEMA).problem()).contains("whose name is");
    }

    @Test
    void plainTextNamesAreComparedDecoded() {
        ItemKey dots = ItemKey.of(Map.of("id", KeyValue.string(".."), "range", KeyValue.number("1")));
        String name = KeyStrategy.plainText().itemId(dots, SCHEMA.names());
        assertThat(name).isEqualTo("%2E%2E|1");
        byte[] image = json("{\"id\":{\"S\":\"..\"},\"range\":{\"N\":\"1\"}}");
        assertThat(ImageCheck.check(image, name, dots, SCHEMA, null).problem()).isNull();
        assertThat(ImageCheck.check(image, "..|1", dots, SCHEMA, null).problem()).as("written before '..' was encoded").isNull();
        assertThat(ImageCheck.check(image, name, dots, null, null).problem()).as("key order from the name").isNull();
        assertThat(ImageCheck.check(image, "x|1", null, SCHEMA, null).problem()).contains("not the one this object is named for");
    }

    @Test
    void unreadableImagesSayWhy() {
        assertThat(ImageCheck.check(json("garbage"), A.md5Hex(), A, SCHEMA, null).problem())
                .startsWith("not an item in DynamoDB JSON: Malformed attribute value at $: not JSON").doesNotContain("\n");
        assertThat(ImageCheck.check(json("{\"id\":{\"S\":\"a\"}}"), A.md5Hex(), A, SCHEMA, null).problem())
                .contains("no key attribute 'range'");
        assertThat(ImageCheck.check(json("{\"id\":{\"S\":\"a\"},\"range\":{\"N\":\"one\"}}"), A.md5Hex(), A, SCHEMA, null)
                .problem()).contains("not a number");
        ItemKey loggedOther = ItemKey.of(Map.of("id", KeyValue.string("a"), "range", KeyValue.number("2")));
        assertThat(ImageCheck.check(json("{\"id\":{\"S\":\"a\"},\"range\":{\"N\":\"1\"}}"), A.md5Hex(), loggedOther, SCHEMA,
                null).problem()).contains("not the change log's key");
    }

    @Test
    void withoutAnySchemaTheImageIsOnlyParsed() {
        ImageCheck.Result r = ImageCheck.check(json("{\"k\":{\"S\":\"z\"}}"), "whatever", null, null, null);
        assertThat(r.problem()).isNull();
        assertThat(r.key()).isNull();
    }
}
