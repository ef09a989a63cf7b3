package dev.ddbbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The Lambda package (built by the backup-function module before this module's tests run) holds
 * the function and what the Lambda Java runtime needs to run it, and nothing else: no local
 * servers, no CLI, no test libraries, no runtime interface client (the managed runtime brings its
 * own), one HTTP client, and only the arm64 build of the CRT native library.
 * {@code dev.ddbbackup.runtime.LambdaRuntimeClientTest} runs this package under that runtime.
 */
class LambdaPackageTest {

    private static final Path ZIP = Path.of("..", "backup-function", "target", "backup-function-lambda.zip");

    @Test
    void containsWhatTheFunctionAndTheRuntimeNeedAndNothingElse() throws IOException {
        assertThat(ZIP).as("the Lambda package, built by backup-function's package phase (mvn -am)").isRegularFile();
        List<String> jars = new ArrayList<>();
        boolean handler = false;
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                String name = e.nextElement().getName();
                if (name.startsWith("lib/") && name.endsWith(".jar")) {
                    jars.add(name.substring(4));
                }
                handler |= name.equals("dev/ddbbackup/function/BackupHandler.class");
            }
        }
        assertThat(handler).isTrue();
        // The bucket format the function writes (its own module, one jar).
        assertThat(jars).anyMatch(j -> j.startsWith("backup-format-"));
        assertThat(jars).noneMatch(j -> j.matches("(?i).*(dynamodblocal|s3mock|spring|jetty|tomcat|junit|assertj"
                + "|testcontainers|picocli|progressbar|apache-client|apache5-client|netty|httpclient|jackson-databind"
                + "|logback|log4j|sqlite|runtime-interface-client|aws-lambda-java-serialization).*"));
        // The runtime's event deserialiser registers its Joda-Time module for every event type
        // (aws/aws-lambda-java-libs#72): without it every invocation fails before the handler runs.
        assertThat(jars).anyMatch(j -> j.matches("joda-time-2\\.[0-9.]+\\.jar"));
        // The SDK logs through slf4j-api; one provider, silent, so no SLF4J text lines in the log.
        assertThat(jars).anyMatch(j -> j.startsWith("slf4j-api-"));
        assertThat(jars.stream().filter(j -> j.matches("slf4j-(nop|simple|jdk14|reload4j)-.*|logback-classic-.*")))
                .containsExactly("slf4j-nop-2.0.17.jar");
        assertThat(jars).contains("aws-crt-client-2.54.13.jar");
        assertThat(jars).anyMatch(j -> j.startsWith("aws-crt-") && j.endsWith("-linux-aarch_64.jar"));
        assertThat(jars).noneMatch(j -> j.matches("aws-crt-\\d+\\.\\d+\\.\\d+(-linux-x86_64)?\\.jar"));
        assertThat(Files.size(ZIP)).as("package size").isLessThan(20L * 1024 * 1024);
    }
}
