package dev.ddbbackup.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyStrategyTest {

    private static final ItemKey ORDER = ItemKey.of(Map.of("id", KeyValue.string("order-1"), "range", KeyValue.number("1")));

    @Test
    void md5NameIsTheKeyDigestAndNeedsNoSchema() {
        assertThat(KeyStrategy.md5().needsKeySchema()).isFalse();
        assertThat(KeyStrategy.md5().itemId(ORDER, null)).isEqualTo(ORDER.md5Hex()).hasSize(32);
    }

    @Test
    void plainTextFollowsKeySchemaOrderNotNameOrder() {
        ItemKey key = ItemKey.of(Map.of("a_range", KeyValue.number("7"), "z_hash", KeyValue.string("h")));
        assertThat(KeyStrategy.plainText().needsKeySchema()).isTrue();
        assertThat(KeyStrategy.plainText().itemId(key, List.of("z_hash", "a_range"))).isEqualTo("h|7");
        assertThat(KeyStrategy.plainText().itemId(key, List.of("a_range", "z_hash"))).isEqualTo("7|h");
    }

    @Test
    void hashOnlyTableHasNoSeparator() {
        ItemKey key = ItemKey.of(Map.of("pk", KeyValue.string("user-1")));
        assertThat(KeyStrategy.plainText().itemId(key, List.of("pk"))).isEqualTo("user-1");
    }

    @Test
    void numbersAreWrittenAsGiven() {
        ItemKey key = ItemKey.of(Map.of("pk", KeyValue.number("-1.50E+3")));
        assertThat(KeyStrategy.plainText().itemId(key, List.of("pk"))).isEqualTo("-1.50E+3");
    }

    @Test
    void binaryIsUnpaddedBase64Url() {
        // 0xFB 0xFF 0xBF: standard base64 "+/+/", url-safe "-_-_"; 0xFF alone pads to "/w==", url-safe "_w",
        // whose leading underscore is then escaped like any value's.
        ItemKey key = ItemKey.of(Map.of("h", KeyValue.binaryBase64("+/+/"), "r", KeyValue.binaryBase64("/w==")));
        assertThat(KeyStrategy.plainText().itemId(key, List.of("h", "r"))).isEqualTo("-_-_|%5Fw");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "100%;100%25", "a/b;a%2Fb", "a|b;a%7Cb", "a\\b;a%5Cb", "_hidden;%5Fhidden", "mid_dle_;mid_dle_",
        "Grüße 日本 🎉;Grüße 日本 🎉", "plain-text.1~x;plain-text.1~x", "__;%5F_",
        ".;%2E", "..;%2E%2E", "...;...", "a.;a.", "./a;.%2Fa", "../..;..%2F..",
    })
    void reservedCharactersArePercentEncodedAndTheRestStaysReadable(String value, String encoded) {
        assertThat(NameEncoding.encode(value)).isEqualTo(encoded);
        assertThat(NameEncoding.decode(encoded)).isEqualTo(value);
    }

    @Test
    void controlCharactersAreEncoded() {
        assertThat(NameEncoding.encode("a\tb\nc\u0001d\u007F\u0085")).isEqualTo("a%09b%0Ac%01d%7F%C2%85");
    }

    @Test
    void dotSegmentsAreEncodedAsWholeKeyValuesOfAPlainTextName() {
        ItemKey hashOnly = ItemKey.of(Map.of("h", KeyValue.string("..")));
        assertThat(KeyStrategy.plainText().itemId(hashOnly, List.of("h"))).isEqualTo("%2E%2E");
        ItemKey both = ItemKey.of(Map.of("h", KeyValue.string("."), "r", KeyValue.string("..")));
        assertThat(KeyStrategy.plainText().itemId(both, List.of("h", "r"))).isEqualTo("%2E|%2E%2E");
    }

    @Test
    void plainTextNameEncodesEachValue() {
        ItemKey key = ItemKey.of(Map.of("h", KeyValue.string("_a|b"), "r", KeyValue.string("c/d%")));
        assertThat(KeyStrategy.plainText().itemId(key, List.of("h", "r"))).isEqualTo("%5Fa%7Cb|c%2Fd%25");
    }

    @Test
    void encodingRoundTripsAndNeverProducesReservedCharactersOverRandomStrings() {
        Random random = new Random(20261123);
        int[] interesting = {'%', '/', '|', '\\', '_', '\n', 0, 0x7F, 0x85, 'a', 'Z', '9', ' ', 'é', 0x65E5, 0x1F389, '.', '.'};
        for (int n = 0; n < 5_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                int cp = random.nextBoolean() ? interesting[random.nextInt(interesting.length)]
                        : random.nextInt(0x2FFFF);
                if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                    cp = 'x';
                }
                s.appendCodePoint(cp);
            }
            String value = s.toString();
            String encoded = NameEncoding.encode(value);
            assertThat(NameEncoding.decode(encoded)).as("decode(encode(%s))", value).isEqualTo(value);
            assertThat(encoded).doesNotContain("/", "|", "\\").doesNotStartWith("_").isNotIn(".", "..");
            assertThat(encoded.chars().noneMatch(Character::isISOControl)).isTrue();
        }
    }

    @Test
    void decodeRejectsATruncatedEscape() {
        assertThatThrownBy(() -> NameEncoding.decode("abc%4")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void plainTextNeedsAMatchingSchema() {
        assertThatThrownBy(() -> KeyStrategy.plainText().itemId(ORDER, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyStrategy.plainText().itemId(ORDER, List.of("id")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyStrategy.plainText().itemId(ORDER, List.of("id", "other")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
