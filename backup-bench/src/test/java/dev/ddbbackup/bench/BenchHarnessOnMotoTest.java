package dev.ddbbackup.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --s3 moto} end to end at tiny sizes: throughput and restore against moto_server, latency modelled. */
@ExtendWith(MotoServer.Extension.class)
class BenchHarnessOnMotoTest {

    @TempDir
    Path out;

    @Test
    void throughputAndRestoreRunAgainstMoto() throws Exception {
        BenchPlan plan = new BenchPlan();
        plan.s3Server = BenchPlan.MOTO;
        plan.s3LatencyMillis = 5;
        plan.batchSizes = List.of(10);
        plan.itemSizes = List.of(1_024);
        plan.keyMixes = List.of(dev.ddbbackup.bench.probe.StreamBatch.KeyMix.UNIFORM);
        plan.concurrencies = List.of(1, 4);
        plan.sweepRecords = 10;
        plan.rounds = new BenchPlan.Rounds(0, 1);
        plan.sequentialCap = 5;
        plan.restoreItems = List.of(20);
        plan.sections = new java.util.LinkedHashSet<>(List.of("throughput", "restore"));

        Path md = new BenchHarness(plan, System.out::println).run(out, "test --s3 moto");

        String text = Files.readString(md);
        assertThat(text).contains("**S3 is moto_server**", "modelled, 5 ms added to every S3 request",
                "in the client", "| 10 | 1 KB | uniform |", "| 20 | restore engine | GetObject |");
    }
}
