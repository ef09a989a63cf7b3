package dev.ddbbackup.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbbackup.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs {@code ddb-backup} command lines in the test JVM against the shared local servers, capturing
 * the exit code, stdout (both the command line's writer and {@code System.out}, which some commands
 * print to) and stderr.
 */
public final class Cli {

    /** The outcome of one command line. */
    public static final class Run {
        public final int exit;
        public final String out;
        public final String err;

        Run(int exit, String out, String err) {
            this.exit = exit;
            this.out = out;
            this.err = err;
        }

        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (Exception e) {
                throw new AssertionError("Not JSON: " + this, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    /** Runs the command with the local servers' endpoints and credentials appended. */
    public static Run local(String... args) {
        LocalServers.credentialsForCommandLines();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--s3-endpoint", LocalServers.s3Endpoint().toString(),
                "--dynamodb-endpoint", LocalServers.dynamoDbEndpoint().toString(), "--region", "us-east-1"));
        return run(all.toArray(new String[0]));
    }

    /** Runs the command line as given. */
    public static synchronized Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream systemOut = new ByteArrayOutputStream();
        ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(systemOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
        try {
            CommandLine cl = commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute(args);
            return new Run(exit, systemOut.toString(StandardCharsets.UTF_8) + out,
                    systemErr.toString(StandardCharsets.UTF_8) + err);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /**
     * The widest command line on the test classpath: that of {@code target/ddb-backup-bench.jar}
     * (every command, {@code bench} included) in backup-bench's tests, of
     * {@code target/ddb-backup-local.jar} ({@code local}, {@code invoke} and {@code stream} included)
     * in backup-local's, else that of {@code target/ddb-backup.jar}: this fixture serves the tests of
     * all three modules.
     */
    public static CommandLine commandLine() {
        for (String main : new String[] {"dev.ddbbackup.bench.BenchMain", "dev.ddbbackup.local.cli.LocalMain"}) {
            try {
                return (CommandLine) Class.forName(main).getMethod("commandLine").invoke(null);
            } catch (ClassNotFoundException e) {
                // Not on this module's test classpath: the next narrower one.
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return Main.commandLine();
    }
}
