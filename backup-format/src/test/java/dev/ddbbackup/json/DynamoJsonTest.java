package dev.ddbbackup.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.ddbbackup.layout.ItemKey;
import dev.ddbbackup.layout.KeyValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;

class DynamoJsonTest {

    private static AttributeValue s(String v) {
        return new AttributeValue().withS(v);
    }

    private static AttributeValue n(String v) {
        return new AttributeValue().withN(v);
    }

    private static AttributeValue b(String text) {
        return new AttributeValue().withB(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, AttributeValue> item(Object... nameValues) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            m.put((String) nameValues[i], (AttributeValue) nameValues[i + 1]);
        }
        return m;
    }

    /** Every type, nested maps and lists, empty ones, escapes and unicode; names given out of order. */
    static Map<String, AttributeValue> allTypes() {
        return item(
                "s", s("plain"),
                "n", n("-1.5E+3"),
                "b", b("hello"),
                "ss", new AttributeValue().withSS("red", "blåbær"),
                "ns", new AttributeValue().withNS("1", "2.5"),
                "bs", new AttributeValue().withBS(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xFF}), ByteBuffer.wrap(new byte[0])),
                "m", new AttributeValue().withM(item("z", n("1"), "a", new AttributeValue().withM(item("deep", new AttributeValue().withL(s("x")))))),
                "l", new AttributeValue().withL(s("t"), new AttributeValue().withNULL(true), new AttributeValue().withBOOL(false),
                        new AttributeValue().withL(n("7")), new AttributeValue().withM(item("k", s("v")))),
                "emptyMap", new AttributeValue().withM(new LinkedHashMap<>()),
                "emptyList", new AttributeValue().withL(new ArrayList<>()),
                "nul", new AttributeValue().withNULL(true),
                "yes", new AttributeValue().withBOOL(true),
                "tricky", s("q\"b\\s/ t\tn\nc\u0001 é日🎉"));
    }

    static final String ALL_TYPES_JSON = "{"
            + "\"b\":{\"B\":\"aGVsbG8=\"},"
            + "\"bs\":{\"BS\":[\"AAEC/w==\",\"\"]},"
            + "\"emptyList\":{\"L\":[]},"
            + "\"emptyMap\":{\"M\":{}},"
            + "\"l\":{\"L\":[{\"S\":\"t\"},{\"NULL\":true},{\"BOOL\":false},{\"L\":[{\"N\":\"7\"}]},{\"M\":{\"k\":{\"S\":\"v\"}}}]},"
            + "\"m\":{\"M\":{\"a\":{\"M\":{\"deep\":{\"L\":[{\"S\":\"x\"}]}}},\"z\":{\"N\":\"1\"}}},"
            + "\"n\":{\"N\":\"-1.5E+3\"},"
            + "\"ns\":{\"NS\":[\"1\",\"2.5\"]},"
            + "\"nul\":{\"NULL\":true},"
            + "\"s\":{\"S\":\"plain\"},"
            + "\"ss\":{\"SS\":[\"red\",\"blåbær\"]},"
            + "\"tricky\":{\"S\":\"q\\\"b\\\\s/ t\\tn\\nc\\u0001 é日🎉\"},"
            + "\"yes\":{\"BOOL\":true}"
            + "}";

    @Test
    void everyTypeIsWrittenAsExactDynamoDbJsonWithSortedNames() {
        assertThat(DynamoJson.eventItemToJson(allTypes())).isEqualTo(ALL_TYPES_JSON);
    }

    @Test
    void eachScalarTypeAlone() {
        assertThat(DynamoJson.eventItemToJson(item("a", s("")))).isEqualTo("{\"a\":{\"S\":\"\"}}");
        assertThat(DynamoJson.eventItemToJson(item("a", n("12345678901234567890123456789012345678"))))
                .isEqualTo("{\"a\":{\"N\":\"12345678901234567890123456789012345678\"}}");
        assertThat(DynamoJson.eventItemToJson(item("a", b("")))).isEqualTo("{\"a\":{\"B\":\"\"}}");
        assertThat(DynamoJson.eventItemToJson(item("a", new AttributeValue().withBOOL(false)))).isEqualTo("{\"a\":{\"BOOL\":false}}");
        assertThat(DynamoJson.eventItemToJson(item())).isEqualTo("{}");
    }

    @Test
    void lambdaModelToJsonToSdkModelToJsonIsByteIdentical() {
        byte[] fromEvent = DynamoJson.eventItemToBytes(allTypes());
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> sdk = DynamoJson.parseSdkItem(fromEvent);
        assertThat(sdk.get("bs").bs()).extracting(SdkBytes::asByteArray)
                .containsExactly(new byte[] {0, 1, 2, (byte) 0xFF}, new byte[0]);
        assertThat(sdk.get("emptyMap").m()).isEmpty();
        assertThat(sdk.get("emptyList").l()).isEmpty();
        assertThat(sdk.get("tricky").s()).isEqualTo("q\"b\\s/ t\tn\nc\u0001 é日🎉");
        assertThat(DynamoJson.sdkItemToBytes(sdk)).isEqualTo(fromEvent);
        assertThat(DynamoJson.eventItemToBytes(DynamoJson.parseEventItem(ALL_TYPES_JSON))).isEqualTo(fromEvent);
    }

    @Test
    void writingDoesNotConsumeTheEventsBuffers() {
        Map<String, AttributeValue> item = allTypes();
        assertThat(DynamoJson.eventItemToJson(item)).isEqualTo(DynamoJson.eventItemToJson(item));
    }

    @Test
    void keysAreScalarOnlyAndIdenticalFromBothModels() {
        ItemKey fromEvent = DynamoJson.eventKey(item("range", b("hello"), "id", s("x")));
        ItemKey fromSdk = DynamoJson.sdkKey(Map.of(
                "id", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("x"),
                "range", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromB(SdkBytes.fromUtf8String("hello"))));
        assertThat(fromEvent).isEqualTo(fromSdk);
        assertThat(fromEvent.canonicalJson()).isEqualTo("{\"id\":{\"S\":\"x\"},\"range\":{\"B\":\"aGVsbG8=\"}}");
        assertThat(DynamoJson.sdkKeyMap(fromEvent)).isEqualTo(Map.of(
                "id", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("x"),
                "range", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromB(SdkBytes.fromUtf8String("hello"))));
        assertThatThrownBy(() -> DynamoJson.eventKey(item("id", new AttributeValue().withBOOL(true))))
                .isInstanceOf(MalformedAttributeException.class).hasMessageContaining("Keys.id");
        assertThatThrownBy(() -> DynamoJson.eventKey(item())).isInstanceOf(MalformedAttributeException.class);
        assertThat(DynamoJson.eventScalar(n("5"))).isEqualTo(KeyValue.number("5"));
        assertThat(DynamoJson.eventScalar(new AttributeValue().withNULL(true))).isNull();
    }

    @Test
    void validationAcceptsAndRejectsExactlyWhatSerialisationDoes() {
        Map<String, AttributeValue> good = allTypes();
        DynamoJson.validateEventItem(good);
        // Validating reads binary values without consuming them: the bytes written afterwards are whole.
        assertThat(DynamoJson.eventItemToJson(good)).isEqualTo(DynamoJson.eventItemToJson(allTypes()));
        Map<String, AttributeValue> bad = item("ok", s("x"), "outer", new AttributeValue().withM(item("x",
                new AttributeValue().withS("a").withN("1"))));
        assertThatThrownBy(() -> DynamoJson.validateEventItem(bad))
                .isInstanceOf(MalformedAttributeException.class).hasMessageContaining("$.outer.x");
        assertThatThrownBy(() -> DynamoJson.validateEventItem(null)).isInstanceOf(MalformedAttributeException.class);
    }

    @Test
    void aValueWithNoTypeIsRejectedNamingItsPath() {
        Map<String, AttributeValue> item = item("outer", new AttributeValue().withM(
                item("list", new AttributeValue().withL(s("ok"), new AttributeValue()))));
        assertThatThrownBy(() -> DynamoJson.eventItemToBytes(item))
                .isInstanceOf(MalformedAttributeException.class)
                .hasMessageContaining("$.outer.list[1]").hasMessageContaining("no type");
    }

    @Test
    void aValueWithTwoTypesIsRejectedNamingItsPath() {
        assertThatThrownBy(() -> DynamoJson.eventItemToBytes(item("x", new AttributeValue().withS("a").withN("1"))))
                .isInstanceOf(MalformedAttributeException.class)
                .hasMessageContaining("$.x").hasMessageContaining("2 types");
    }

    @Test
    void nullFalseAndNullMembersAreRejected() {
        assertThatThrownBy(() -> DynamoJson.eventItemToBytes(item("x", new AttributeValue().withNULL(false))))
                .isInstanceOf(MalformedAttributeException.class).hasMessageContaining("$.x");
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> DynamoJson.eventItemToBytes(item("x", new AttributeValue().withSS(withNull))))
                .isInstanceOf(MalformedAttributeException.class).hasMessageContaining("$.x");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":{\"M\":{\"bin\":{\"B\":\"not base64!\"}}}}|$.a.bin",
        "{\"a\":{\"BS\":[\"AA==\",\"%%%\"]}}|$.a",
        "{\"a\":{\"X\":\"1\"}}|$.a",
        "{\"a\":{\"S\":\"1\",\"N\":\"1\"}}|$.a",
        "{\"a\":{}}|$.a",
        "{\"a\":{\"L\":[{\"S\":1}]}}|$.a[0]",
        "{\"a\":{\"NULL\":false}}|$.a",
        "{\"a\":{\"BOOL\":\"yes\"}}|$.a",
        "{\"a\":{\"S\":\"x\"}} trailing|$",
        "{\"a\":|$",
    })
    void malformedJsonIsRejectedNamingThePath(String caseText) {
        String json = caseText.substring(0, caseText.lastIndexOf('|'));
        String path = caseText.substring(caseText.lastIndexOf('|') + 1);
        assertThatThrownBy(() -> DynamoJson.parseSdkItem(json))
                .isInstanceOf(MalformedAttributeException.class).hasMessageContaining("at " + path + ":");
        assertThatThrownBy(() -> DynamoJson.parseEventItem(json))
                .isInstanceOf(MalformedAttributeException.class).hasMessageContaining("at " + path + ":");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "1e999", "1E126", "-1E126", "1E-131", "12345678901234567890123456789012345678.9",
            "0x10", "NaN", " 1"})
    void numbersDynamoDbCannotHoldAreRejectedInBothDirections(String number) {
        Map<String, AttributeValue> event = new LinkedHashMap<>();
        event.put("n", new AttributeValue().withN(number));
        assertThatThrownBy(() -> DynamoJson.validateEventItem(event)).isInstanceOf(MalformedAttributeException.class)
                .hasMessageContaining("$.n");
        assertThatThrownBy(() -> DynamoJson.parseSdkItem("{\"n\":{\"N\":\"" + number + "\"}}"))
                .isInstanceOf(MalformedAttributeException.class).hasMessageContaining("$.n");
        assertThatThrownBy(() -> DynamoJson.parseSdkItem("{\"n\":{\"NS\":[\"1\",\"" + number + "\"]}}"))
                .isInstanceOf(MalformedAttributeException.class).hasMessageContaining("$.n");
        assertThatThrownBy(() -> DynamoJson.eventKey(Map.of("k", new AttributeValue().withN(number))))
                .isInstanceOf(MalformedAttributeException.class).hasMessageContaining("Keys.k");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "1", "-1.5", "42.50", "1E-130", "9.9999999999999999999999999999999999999E+125",
            "12345678901234567890123456789012345678", "1000000000000000000000000000000000000000000", ".5", "+7"})
    void numbersDynamoDbCanHoldPass(String number) {
        String json = "{\"n\":{\"N\":\"" + number + "\"}}";
        assertThat(DynamoJson.sdkItemToJson(DynamoJson.parseSdkItem(json))).isEqualTo(json);
        DynamoJson.validateEventItem(Map.of("n", new AttributeValue().withN(number)));
    }

    @Test
    void emptySetsAreRejected() {
        for (String set : List.of("SS", "NS", "BS")) {
            assertThatThrownBy(() -> DynamoJson.parseSdkItem("{\"s\":{\"" + set + "\":[]}}"))
                    .isInstanceOf(MalformedAttributeException.class).hasMessageContaining("empty " + set);
        }
        assertThatThrownBy(() -> DynamoJson.validateEventItem(Map.of("s", new AttributeValue().withSS(List.of()))))
                .isInstanceOf(MalformedAttributeException.class).hasMessageContaining("$.s");
    }
}
