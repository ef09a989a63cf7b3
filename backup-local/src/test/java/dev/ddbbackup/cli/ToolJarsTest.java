package dev.ddbbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.local.cli.LocalMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The production tool and the local one, as the build leaves them at the project root (this
 * module is built after backup-tools, whose package phase wrote {@code target/ddb-backup.jar} and
 * {@code target/lib/}): the tool users run against production carries no test server and no
 * benchmark library; the local jar has every command of the tool and its own, and neither carries
 * the benchmarks (backup-bench) or the test kit.
 */
class ToolJarsTest {

    private static final Path ROOT_TARGET = Path.of("..", "target");
    /** Artifacts of the in-process servers and the benchmarks (and what they drag in). */
    private static final List<String> NOT_IN_PRODUCTION = List.of("DynamoDBLocal", "s3mock", "spring-", "jetty-",
            "tomcat-", "xchart", "log4j-", "mockito", "sqlite4java", "antlr", "aws-lambda-java-serialization");
    /** What neither product carries: the benchmarks, their chart library and the test machinery. */
    private static final List<String> IN_NO_PRODUCT = List.of("backup-bench", "backup-testkit", "xchart", "junit");

    @Test
    void theProductionToolCarriesNoTestServerAndNoBenchmarkLibrary() throws IOException {
        Path jar = ROOT_TARGET.resolve("ddb-backup.jar");
        assertThat(jar).exists();
        List<String> classPath = manifestClassPath(jar);
        assertThat(classPath).isNotEmpty().allSatisfy(entry -> {
            assertThat(entry).startsWith("lib/");
            assertThat(ROOT_TARGET.resolve(entry)).as("on the jar's class path and built").exists();
            assertThat(NOT_IN_PRODUCTION).noneMatch(entry::contains);
            assertThat(IN_NO_PRODUCT).noneMatch(entry::contains);
        });
        try (JarFile tool = new JarFile(jar.toFile())) {
            assertThat(tool.stream().map(e -> e.getName()))
                    .noneMatch(name -> name.startsWith("dev/ddbbackup/local/") || name.startsWith("dev/ddbbackup/bench/")
                            || name.startsWith("dev/ddbbackup/runtime/") || name.startsWith("dev/ddbbackup/stream/")
                            || name.startsWith("dev/ddbbackup/testing/"));
        }
    }

    @Test
    void theLocalJarRunsFromItsOwnLibraryDirectory() throws IOException {
        Path jar = ROOT_TARGET.resolve("ddb-backup-local.jar");
        if (!Files.exists(jar)) {
            return; // this module's own jar is packaged after its tests; checked when a previous build left it
        }
        assertThat(manifestClassPath(jar)).isNotEmpty().allSatisfy(entry -> {
            assertThat(entry).startsWith("local-lib/");
            assertThat(IN_NO_PRODUCT).noneMatch(entry::contains);
        });
        try (JarFile local = new JarFile(jar.toFile())) {
            assertThat(local.stream().map(e -> e.getName()))
                    .noneMatch(name -> name.startsWith("dev/ddbbackup/bench/") || name.startsWith("dev/ddbbackup/runtime/")
                            || name.startsWith("dev/ddbbackup/testing/"));
        }
    }

    @Test
    void theLocalCommandLineHasEveryToolCommandAndItsOwn() {
        var tool = Main.commandLine().getSubcommands().keySet();
        var local = LocalMain.commandLine().getSubcommands().keySet();
        assertThat(local).containsAll(tool).contains("local", "stream", "invoke").doesNotContain("bench");
        assertThat(tool).doesNotContain("local", "stream", "invoke", "bench");
    }

    private static List<String> manifestClassPath(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            String cp = file.getManifest().getMainAttributes().getValue("Class-Path");
            return cp == null ? List.of() : Stream.of(cp.trim().split("\\s+")).toList();
        }
    }
}
