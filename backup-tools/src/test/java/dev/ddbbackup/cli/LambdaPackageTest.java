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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Lambda package (built by the backup-function module before this module's tests run) holds
 * the function and its runtime libraries only: no local servers, no CLI, no test libraries, one
 * HTTP client, and only the arm64 build of the CRT native library.
 */
class LambdaPackageTest {

    private static final Path ZIP = Path.of("..", "backup-function", "target", "backup-function-lambda.zip");

    @Test
    void containsOnlyWhatTheFunctionNeeds() throws IOException {
        Assumptions.assumeTrue(Files.exists(ZIP), "the Lambda package is built by `mvn package`");
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
        assertThat(jars).noneMatch(j -> j.matches("(?i).*(dynamodblocal|s3mock|spring|jetty|tomcat|junit|assertj"
                + "|testcontainers|picocli|progressbar|apache-client|apache5-client|netty|httpclient|jackson-databind"
                + "|joda-time|sqlite).*"));
        assertThat(jars).contains("aws-crt-client-2.54.13.jar");
        assertThat(jars).anyMatch(j -> j.startsWith("aws-crt-") && j.endsWith("-linux-aarch_64.jar"));
        assertThat(jars).noneMatch(j -> j.matches("aws-crt-\\d+\\.\\d+\\.\\d+\\.jar"));
        assertThat(Files.size(ZIP)).as("package size").isLessThan(20L * 1024 * 1024);
    }
}
