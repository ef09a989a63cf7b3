package dev.ddbbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void shadedClassNamesAndReferenceChainsBecomeWordsAndPaths() {
        String raw = "com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.JsonMappingException: Failed to decode"
                + " VALUE_STRING as base64 (MIME-NO-LINEFEEDS): Illegal character '!' (code 0x21) in base64 content\n"
                + " at [Source: (ByteArrayInputStream); line: 1, column: 51] (through reference chain:"
                + " com.amazonaws.services.lambda.runtime.events.DynamodbEvent[\"Records\"]->java.util.ArrayList[0]"
                + "->com.amazonaws.services.lambda.runtime.events.DynamodbEvent$DynamodbStreamRecord[\"dynamodb\"]"
                + "->com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord[\"NewImage\"]"
                + "->java.util.LinkedHashMap[\"b\"]->com.amazonaws.services.lambda.runtime.events.models.dynamodb"
                + ".AttributeValue[\"B\"])";
        String clean = Messages.of(new UncheckedIOException(raw, new java.io.IOException()));
        assertThat(clean).startsWith("Failed to decode VALUE_STRING as base64")
                .contains("(at Records[0].dynamodb.NewImage.b.B)")
                .doesNotContain("thirdparty").doesNotContain("Exception").doesNotContain("\n");
    }

    @Test
    void aMessageWithoutClassNamesStaysAsItIs() {
        assertThat(Messages.of(new IllegalArgumentException("--to must be ISO-8601"))).isEqualTo("--to must be ISO-8601");
        assertThat(Messages.of(new RuntimeException(null, new IllegalStateException("inner")))).isEqualTo("inner");
    }
}
