package dev.ddbbackup.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.checkpoint.CheckpointManifest;
import dev.ddbbackup.checkpoint.Checkpoints;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.runtime.LambdaSandbox;
import dev.ddbbackup.runtime.RuntimeApiEmulator;
import dev.ddbbackup.testing.BackupFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled checkpoint function of the jobs' Lambda package under AWS's Lambda runtime
 * interface client, invoked with EventBridge's scheduled events: it writes the checkpoint at the
 * event's time (the retention recorded), a repeated event is success, the next one builds on it.
 */
class CheckpointRuntimeTest {

    @TempDir
    Path work;

    static ObjectNode scheduledEvent(Instant time) {
        ObjectNode e = FanOutFixture.MAPPER.createObjectNode();
        e.put("version", "0");
        e.put("id", "89d1a02d-5ec7-412e-82f5-13505f849b41");
        e.put("detail-type", "Scheduled Event");
        e.put("source", "aws.events");
        e.put("account", "123456789012");
        e.put("time", time.toString().replace(".000", ""));
        e.put("region", "us-east-1");
        e.putArray("resources").add("arn:aws:events:us-east-1:123456789012:rule/stack-Checkpoint");
        e.putObject("detail");
        return e;
    }

    @Test
    void scheduledEventsWriteCheckpointsEachBuiltOnTheLast() throws Exception {
        FanOutFixture fixture = new FanOutFixture(40);
        Instant first = BackupFixture.T1.plusSeconds(60);
        Instant second = BackupFixture.T2.plusSeconds(60);
        Map<String, String> env = Map.of("BackupBucket", fixture.backup.bucket, "BackupPrefix", BackupFixture.PREFIX,
                "TableName", fixture.backup.table, "RetentionDays", "30");
        try (JobSandbox function = JobSandbox.start(work, JobSandbox.CHECKPOINT, env, FanOutFixture.ACCESS_KEY, 1)) {
            RuntimeApiEmulator.Outcome written = function.invoke(scheduledEvent(first));
            assertThat(written.error()).as("%s %s\n%s", written.errorType(), written.bodyText(), function.output()).isFalse();
            JsonNode report = FanOutFixture.MAPPER.readTree(written.body());
            assertThat(report.path("outcome").asText()).isEqualTo("WRITTEN");
            assertThat(report.path("manifest").path("counts").path("present").asLong()).isEqualTo(fixture.backup.atT1.size());

            RuntimeApiEmulator.Outcome again = function.invoke(scheduledEvent(first));
            assertThat(again.error()).as(again.bodyText()).isFalse();
            assertThat(FanOutFixture.MAPPER.readTree(again.body()).path("outcome").asText()).isEqualTo("EXISTS");

            RuntimeApiEmulator.Outcome next = function.invoke(scheduledEvent(second));
            assertThat(next.error()).as(next.bodyText()).isFalse();
            JsonNode nextReport = FanOutFixture.MAPPER.readTree(next.body());
            assertThat(nextReport.path("previous").asText()).isEqualTo(first.toString());
            assertThat(nextReport.path("manifest").path("counts").path("present").asLong())
                    .isEqualTo(fixture.backup.atT2.size());

            for (LambdaSandbox.Line line : function.lines()) {
                JsonNode json = FanOutFixture.MAPPER.readTree(line.text());
                assertThat(json.path("requestId").asText()).as(line.text()).isNotEmpty();
            }
        }
        Checkpoints store = new Checkpoints(fixture.s3, fixture.backup.bucket, BackupLayout.withPrefix(BackupFixture.PREFIX),
                fixture.backup.table);
        assertThat(store.times()).containsExactly(first, second);
        CheckpointManifest manifest = store.manifest(second);
        assertThat(manifest.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(manifest.previous()).isEqualTo(first);
    }
}
