package dev.ddbbackup.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test of the SAM template at the project root ({@code ../template.yaml} from this module), read
 * before the class's own {@code @BeforeAll} methods: its text, its tree and its Resources.
 */
abstract class TemplateSuite {

    static final Path TEMPLATE = Path.of("..", "template.yaml");

    static String templateText;
    static JsonNode template;
    static JsonNode resources;

    @BeforeAll
    static void parseTemplate() throws IOException {
        assertThat(TEMPLATE).as("SAM template at the project root").isRegularFile();
        templateText = Files.readString(TEMPLATE, StandardCharsets.UTF_8);
        template = new ObjectMapper(new YAMLFactory()).readTree(templateText);
        resources = template.path("Resources");
        assertThat(resources.isObject()).as("Resources section").isTrue();
    }
}
