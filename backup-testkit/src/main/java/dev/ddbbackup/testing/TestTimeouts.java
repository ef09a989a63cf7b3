package dev.ddbbackup.testing;

import dev.ddbbackup.aws.Timeouts;
import java.time.Duration;

/**
 * Client time limits for the in-process and local test servers. They share two cores with the
 * client and with other builds, so a request can wait seconds for CPU; the function's 5 s attempt
 * timeout (tuned for S3) would then retry requests the server is merely slow to answer, and the
 * duplicate versions those retries leave would break the suites' exact-history assertions. The
 * production limits are tested deliberately, through the network proxy ({@code SlowNetworkTest}).
 */
public final class TestTimeouts {

    private TestTimeouts() {
    }

    public static Timeouts forTestServers() {
        Timeouts function = Timeouts.function();
        return new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMinutes(3),
                function.maxAttempts(), function.stall());
    }
}
