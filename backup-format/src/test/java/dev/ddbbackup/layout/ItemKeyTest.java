package dev.ddbbackup.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemKeyTest {

    @Test
    void canonicalJsonIsSortedTypedAndCompact() {
        Map<String, KeyValue> attributes = new LinkedHashMap<>();
        attributes.put("range", KeyValue.number("1"));
        attributes.put("id", KeyValue.string("record-1"));
        assertThat(ItemKey.of(attributes).canonicalJson()).isEqualTo("{\"id\":{\"S\":\"record-1\"},\"range\":{\"N\":\"1\"}}");
    }

    @Test
    void attributeOrderDoesNotChangeTheIdentity() {
        Map<String, KeyValue> forward = new LinkedHashMap<>();
        forward.put("id", KeyValue.string("x"));
        forward.put("range", KeyValue.binaryBase64("AAEC"));
        Map<String, KeyValue> backward = new LinkedHashMap<>();
        backward.put("range", KeyValue.binaryBase64("AAEC"));
        backward.put("id", KeyValue.string("x"));
        ItemKey a = ItemKey.of(forward);
        ItemKey b = ItemKey.of(backward);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.md5Hex()).isEqualTo(b.md5Hex());
        assertThat(a.attributes().keySet()).containsExactly("id", "range");
    }

    @Test
    void md5IsTheHexDigestOfTheCanonicalJson() {
        // printf '%s' '{"id":{"S":"record-1"},"range":{"N":"1"}}' | md5sum
        ItemKey key = ItemKey.of(Map.of("id", KeyValue.string("record-1"), "range", KeyValue.number("1")));
        assertThat(key.md5Hex()).isEqualTo("bf9a9db028bede6fa2fe5526d884cb92");
        // printf '%s' '{"pk":{"S":"a"}}' | md5sum
        assertThat(ItemKey.of(Map.of("pk", KeyValue.string("a"))).md5Hex()).isEqualTo("96b2e931361c7da6850183c07910d789");
    }

    @Test
    void jsonEscapesAreKeptAndUnicodeIsNotEscaped() {
        ItemKey key = ItemKey.of(Map.of("id", KeyValue.string("a\"b\\c\nd é日")));
        assertThat(key.canonicalJson()).isEqualTo("{\"id\":{\"S\":\"a\\\"b\\\\c\\nd é日\"}}");
    }

    @Test
    void typeIsPartOfTheIdentity() {
        assertThat(ItemKey.of(Map.of("id", KeyValue.string("1"))))
                .isNotEqualTo(ItemKey.of(Map.of("id", KeyValue.number("1"))));
    }

    @Test
    void anEmptyKeyIsRejected() {
        assertThatThrownBy(() -> ItemKey.of(Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
