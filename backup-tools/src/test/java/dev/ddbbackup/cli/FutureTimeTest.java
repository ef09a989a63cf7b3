package dev.ddbbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ddbbackup.testing.Cli;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A time after now is refused by every command that takes one, on this machine and on Step
 * Functions: exit 2, one line naming the time and now, and not one request to S3, DynamoDB or Step
 * Functions (all pointed at a server that counts what it is sent), so nothing is read or written.
 */
class FutureTimeTest {

    static final String FUTURE = "2099-01-01T00:00:00Z";
    static final String PAST = "2026-01-01T00:00:00Z";
    static final String ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:jobs";
    static final String KEY = "{\"id\":{\"S\":\"a\"}}";
    static HttpServer server;
    static final AtomicInteger requests = new AtomicInteger();

    @BeforeAll
    static void countingServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static Stream<List<String>> commandLines() {
        List<List<String>> all = new ArrayList<>();
        all.add(List.of("restore", "--to", FUTURE, "--target-table", "T2"));
        all.add(List.of("snapshot", "--to", FUTURE, "--out", "target/future-snapshot"));
        all.add(List.of("verify", "--restore-drill", "--to", FUTURE));
        all.add(List.of("history", "--key", KEY, "--to", FUTURE));
        all.add(List.of("history", "--key", KEY, "--from", FUTURE));
        all.add(List.of("checkpoint", "--to", FUTURE));
        all.add(List.of("checkpoint", "--at", FUTURE));
        all.add(List.of("changes", "--from", PAST, "--to", FUTURE));
        all.add(List.of("revert", "--from", PAST, "--to", FUTURE, "--target-table", "T2"));
        all.add(List.of("restore", "--to", FUTURE, "--target-table", "T2", "--on-step-functions", ARN));
        all.add(List.of("snapshot", "--to", FUTURE, "--out", "s3://jobs/snapshot/", "--on-step-functions", ARN));
        all.add(List.of("verify", "--restore-drill", "--to", FUTURE, "--on-step-functions", ARN));
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("commandLines")
    void isRefusedBeforeAnyRequest(List<String> commandLine) {
        requests.set(0);
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        List<String> args = new ArrayList<>(commandLine);
        args.addAll(List.of("--table", "Orders", "--bucket", "backups", "--endpoint", endpoint,
                "--region", "us-east-1"));
        Instant before = Instant.now();
        Cli.Run run = Cli.run(args.toArray(new String[0]));
        assertThat(run.exit).as(run.toString()).isEqualTo(Main.EXIT_USAGE);
        String message = run.err.lines().findFirst().orElse("");
        assertThat(message).as(run.toString()).contains(FUTURE).contains("in the future")
                .contains("now: " + before.toString().substring(0, 13));
        assertThat(requests.get()).as(run.toString()).isZero();
    }

    @Test
    void checkpointStillTakesItsOldOptionName() {
        Cli.Run help = Cli.run("checkpoint", "--help");
        assertThat(help.out).contains("--to, --at=TIME");
    }
}
