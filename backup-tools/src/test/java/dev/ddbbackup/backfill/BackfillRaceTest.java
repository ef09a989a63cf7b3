package dev.ddbbackup.backfill;

import static dev.ddbbackup.testing.LocalDynamo.n;
import static dev.ddbbackup.testing.LocalDynamo.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.json.DynamoJson;
import dev.ddbbackup.layout.ChangeLogEntry;
import dev.ddbbackup.layout.VersionMetadata;
import dev.ddbbackup.s3.S3Writer;
import dev.ddbbackup.testing.LocalDynamo;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.LocalServers;
import dev.ddbbackup.testing.WithLocalServers;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The backfill racing the stream for one item, made deterministic: the streamed write happens
 * inside the backfill's own PutObject call, right before or right after it, through a client of its
 * own. Whatever the server does with {@code If-None-Match: *} (honour it, or ignore it as Ceph RGW
 * does in versioned buckets), the backfill's version must never be the latest over a streamed change.
 */
class BackfillRaceTest extends WithLocalServers {

    static final Instant SCAN_TIME = Instant.parse("2026-11-21T08:30:15Z");

    /** Where and when the stream writes during the backfill's conditional PUT of one key. */
    enum Race {
        /** A streamed PUT lands between the backfill's existence check and its PUT. */
        PUT_BEFORE,
        /** The item is streamed in and out (PUT, then DELETE) between the check and the PUT. */
        PUT_AND_DELETE_BEFORE,
        /** A streamed PUT lands right after the backfill's PUT. */
        PUT_AFTER
    }

    /**
     * Makes the race happen, and optionally behaves like a server that ignores If-None-Match;
     * {@code raced} and {@code streamedVersions} record what it did.
     */
    record RaceInjector(String bucket, String raceKey, Race race, boolean ignoreIfNoneMatch, AtomicBoolean raced,
            List<String> streamedVersions) implements ExecutionInterceptor {

        RaceInjector(String bucket, String raceKey, Race race, boolean ignoreIfNoneMatch) {
            this(bucket, raceKey, race, ignoreIfNoneMatch, new AtomicBoolean(), new ArrayList<>());
        }

        private boolean backfillPutOfTheKey(SdkRequest request) {
            return request instanceof PutObjectRequest && raceKey.equals(((PutObjectRequest) request).key())
                    && ((PutObjectRequest) request).ifNoneMatch() != null;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (race != Race.PUT_AFTER && backfillPutOfTheKey(context.request()) && raced.compareAndSet(false, true)) {
                stream();
            }
        }

        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            if (ignoreIfNoneMatch && context.request() instanceof PutObjectRequest) {
                return context.httpRequest().toBuilder().removeHeader("If-None-Match").build();
            }
            return context.httpRequest();
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (race == Race.PUT_AFTER && backfillPutOfTheKey(context.request()) && raced.compareAndSet(false, true)) {
                stream();
            }
        }

        private void stream() {
            S3Writer writer = new S3Writer(s3, bucket);
            streamedVersions.add(writer.putJson(raceKey, "{\"streamed\":{\"S\":\"yes\"}}".getBytes(),
                    VersionMetadata.of("MODIFY", "streamed-1", "100", SCAN_TIME.plusSeconds(1))));
            if (race == Race.PUT_AND_DELETE_BEFORE) {
                streamedVersions.add(writer.delete(raceKey));
            }
        }
    }

    /** A table of 5 items backfilled into a fresh bucket while the stream races for item-2. */
    private static Result backfillWhileRacing(Race race, boolean ignoreIfNoneMatch) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String table = "Race" + suffix;
        String bucket = "race-" + suffix;
        LocalDynamo.createTable(dynamoDb, table);
        LocalS3.createVersionedBucket(s3, bucket);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            items.add(Map.of("id", s("item-" + i), "range", n("1"), "value", s("scanned")));
        }
        LocalDynamo.putAll(dynamoDb, table, items);
        String raceKey = "bk/" + table + "/" + DynamoJson.sdkKey(Map.of("id", s("item-2"), "range", n("1"))).md5Hex();
        RaceInjector injector = new RaceInjector(bucket, raceKey, race, ignoreIfNoneMatch);
        ClientSettings settings = LocalServers.current() == LocalServers.Backend.MOTO
                ? dev.ddbbackup.testing.MotoServer.shared().settings(injector)
                : LocalS3.settings(LocalServers.s3Mock(), injector);
        S3Client backfillS3 = AwsClients.s3(settings);
        BackfillReport report = new Backfill(dynamoDb, backfillS3, new BackfillOptions(table, bucket, "bk", 2, null, false, null, 4),
                Clock.fixed(SCAN_TIME, ZoneOffset.UTC)).run(done -> { });
        assertThat(injector.raced()).as("the race happened").isTrue();
        return new Result(report, bucket, table, raceKey, injector.streamedVersions());
    }

    record Result(BackfillReport report, String bucket, String table, String raceKey, List<String> streamed) {
        String streamedVersion() {
            return streamed.get(0);
        }

        List<LocalS3.Version> versions() {
            return LocalS3.versions(s3, bucket, raceKey);
        }

        List<ChangeLogEntry> backfillLines() {
            List<ChangeLogEntry> lines = new ArrayList<>();
            for (String key : LocalS3.keysUnder(s3, bucket, "bk/" + table + "/_changes/")) {
                for (String line : LocalS3.latestBody(s3, bucket, key).split("\n")) {
                    lines.add(ChangeLogEntry.parse(line));
                }
            }
            return lines;
        }
    }

    private static void assertTheStreamWon(Result r) {
        assertThat(r.report.ok()).as(r.report.summary()).isTrue();
        assertThat(r.report.written()).isEqualTo(4);
        assertThat(r.report.skippedRace()).isEqualTo(1);
        assertThat(r.versions()).as("only the streamed change is left").singleElement()
                .satisfies(v -> assertThat(v.versionId()).isEqualTo(r.streamedVersion()));
        assertThat(r.backfillLines()).hasSize(4).noneMatch(e -> e.objectKey().equals(r.raceKey));
    }

    @Test
    void aStreamedPutJustBeforeTheBackfillsPutWinsOnAServerThatIgnoresIfNoneMatch() throws Exception {
        Result r = backfillWhileRacing(Race.PUT_BEFORE, true);
        assertTheStreamWon(r);
        assertThat(LocalS3.latestBody(s3, r.bucket, r.raceKey)).contains("streamed");
    }

    @Test
    void aStreamedPutJustBeforeTheBackfillsPutWinsWhereIfNoneMatchIsHonoured() throws Exception {
        Result r = backfillWhileRacing(Race.PUT_BEFORE, false);
        assertTheStreamWon(r);
    }

    @Test
    void anItemStreamedInAndOutJustBeforeTheBackfillsPutStaysDeleted() throws Exception {
        // A current delete marker is no object to If-None-Match: S3 lets the PUT through, the check
        // after it takes it back out.
        Result r = backfillWhileRacing(Race.PUT_AND_DELETE_BEFORE, false);
        assertThat(r.report.ok()).as(r.report.summary()).isTrue();
        assertThat(r.report.skippedRace()).isEqualTo(1);
        assertThat(r.report.written()).isEqualTo(4);
        assertThat(r.versions()).as("the streamed PUT and its delete marker, nothing else").hasSize(2)
                .filteredOn(v -> !v.deleteMarker()).singleElement()
                .satisfies(v -> assertThat(v.versionId()).isEqualTo(r.streamedVersion()));
        assertThat(r.versions()).filteredOn(v -> v.latest()).singleElement().satisfies(v -> assertThat(v.deleteMarker()).isTrue());
        assertThat(r.backfillLines()).noneMatch(e -> e.objectKey().equals(r.raceKey));
    }

    @Test
    void aStreamedPutJustAfterTheBackfillsPutKeepsBothInOrder() throws Exception {
        Result r = backfillWhileRacing(Race.PUT_AFTER, true);
        assertThat(r.report.ok()).isTrue();
        assertThat(r.report.written()).isEqualTo(5);
        assertThat(r.report.skippedRace()).isZero();
        List<LocalS3.Version> versions = r.versions();
        assertThat(versions).hasSize(2);
        assertThat(versions).filteredOn(v -> v.latest()).singleElement()
                .satisfies(v -> assertThat(v.versionId()).isEqualTo(r.streamedVersion()));
        assertThat(r.backfillLines()).filteredOn(e -> e.objectKey().equals(r.raceKey)).singleElement()
                .satisfies(e -> assertThat(e.sequenceNumber()).isEqualTo("0"));
    }
}
