package dev.ddbbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code target/ddb-backup.jar} as users run it, in a process of its own with an empty AWS
 * environment (this module is built after backup-tools wrote the jar): no SLF4J lines on any
 * command, and a failure is one line, without credentials too (not the provider chain's dump).
 */
class ProductionJarErrorsTest {

    private static final Path JAR = Path.of("..", "target", "ddb-backup.jar");

    record Run(int exit, String err) {
    }

    private static Run run(Path home, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("DDB_BACKUP"));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        pb.environment().putAll(env);
        File err = home.resolve("err.txt").toFile();
        Process p = pb.redirectError(err).start();
        int exit = p.waitFor();
        return new Run(exit, Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    void noSlf4jLinesAndOneLinePerFailure(@TempDir Path home) throws Exception {
        if (!Files.exists(JAR)) {
            return; // built by backup-tools' package phase; absent only when this module is built alone
        }
        assertThat(run(home, Map.of(), "history", "--help").err()).doesNotContain("SLF4J");
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closed;
        String[] verify = {"verify", "--bucket", "b-errors", "--table", "Orders", "--no-progress", "--endpoint", endpoint,
                "--region", "us-east-1"};
        Run refused = run(home, Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"), verify);
        assertThat(refused.exit()).as(refused.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(refused.err().lines().toList()).as(refused.err()).singleElement().asString()
                .startsWith("Error: S3 ListObjectVersions s3://b-errors/Orders/ failed: connection refused by " + endpoint);
        Run noCredentials = run(home, Map.of(), verify);
        assertThat(noCredentials.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(noCredentials.err().lines().toList()).as(noCredentials.err()).singleElement().asString()
                .contains("failed: no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        Run debug = run(home, Map.of("DDB_BACKUP_DEBUG", "1"), verify);
        assertThat(debug.err()).startsWith("Error: ").contains("\tat ").doesNotContain("SLF4J");
    }
}
