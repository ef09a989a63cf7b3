package dev.ddbbackup.function;

import static dev.ddbbackup.testing.Events.item;
import static dev.ddbbackup.testing.Events.n;
import static dev.ddbbackup.testing.Events.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.testing.Events;
import dev.ddbbackup.testing.LocalS3;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

class HandlerSmokeTest {

    @Test
    void insertModifyRemoveMakeVersionsAndADeleteMarker() {
        S3Client s3 = LocalS3.client(LocalS3.shared());
        LocalS3.createVersionedBucket(s3, "smoke");
        BackupHandler handler = new BackupHandler(BackupConfig.builder().bucket("smoke").prefix("bk").build(), s3,
                () -> { throw new IllegalStateException("no DynamoDB in this test: the table description is skipped"); },
                new JsonLog(System.out, JsonLog.Level.INFO), new EmfMetrics(System.out));
        Events events = new Events("Orders");
        var keys = item("id", s("a"), "range", n("1"));
        StreamsEventResponse response = handler.handleRequest(Events.event(
                events.insert(keys, item("id", s("a"), "range", n("1"), "v", n("1"))),
                events.modify(keys, item("id", s("a"), "range", n("1"), "v", n("1")), item("id", s("a"), "range", n("1"), "v", n("2"))),
                events.remove(keys, item("id", s("a"), "range", n("1"), "v", n("2")))), null);
        assertThat(response.getBatchItemFailures()).isEmpty();
        String key = "bk/Orders/" + dev.ddbbackup.json.DynamoJson.eventKey(keys).md5Hex();
        var versions = LocalS3.versions(s3, "smoke", key);
        System.out.println(versions);
        assertThat(versions).hasSize(3);
        assertThat(LocalS3.keysUnder(s3, "smoke", "bk/Orders/_changes/")).hasSize(1);
    }
}
