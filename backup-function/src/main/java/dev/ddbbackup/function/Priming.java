package dev.ddbbackup.function;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.aws.Deadline;
import dev.ddbbackup.dispatch.OrderedDispatcher;
import dev.ddbbackup.layout.BackupLayout;
import dev.ddbbackup.layout.KeyStrategy;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.s3.S3Writer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs the function's hot path during a SnapStart init, so the snapshot holds it loaded, initialised
 * and compiled: synthetic batches through the real {@link BatchProcessor} (parsing, object keys,
 * DynamoDB JSON, the S3 client's marshalling, endpoint rules, signing and checksums, the change log)
 * against {@link AnsweringS3HttpClient}, which answers in memory. Safe for a snapshot: nothing leaves
 * the process, the real credentials are never asked for (the priming client has fixed fake ones:
 * under SnapStart Lambda serves credentials only after the restore), and the priming client, its
 * threads and its objects are dropped before the snapshot; the handler's own state is not touched.
 */
final class Priming {

    /**
     * Records per priming batch, and batches: about a thousand writes, enough for the C1 compiler the
     * java21 runtime runs with to compile the path, in a second or two of a 1,024 MB function's init.
     */
    static final int RECORDS_PER_BATCH = 250;
    static final int BATCHES = 4;

    private static final String SOURCE_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/priming/stream/"
            + "2000-01-01T00:00:00.000";

    private Priming() {
    }

    /** True during a SnapStart init (Lambda sets {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}). */
    static boolean wanted(Map<String, String> env) {
        return "snap-start".equals(env.get("AWS_LAMBDA_INITIALIZATION_TYPE"));
    }

    /** Primes with the function's configuration; returns the S3 requests the answering client served. */
    static long run(BackupConfig config, ClientSettings settings, int batches, int recordsPerBatch) {
        AnsweringS3HttpClient http = new AnsweringS3HttpClient();
        ClientSettings priming = settings.toBuilder()
                .httpClient(http)
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
                .build();
        JsonLog log = JsonLog.discard();
        EmfMetrics metrics = new EmfMetrics(new PrintStream(OutputStream.nullOutputStream()));
        try (S3Client s3 = AwsClients.s3(priming);
             OrderedDispatcher dispatcher = new OrderedDispatcher(config.writeConcurrency())) {
            BackupLayout layout = BackupLayout.withPrefix(config.prefix());
            S3Writer writer = new S3Writer(s3, config.bucket());
            // MD5 names: plain-text names would ask DynamoDB for the key schema, which priming must not.
            ObjectKeys objectKeys = new ObjectKeys(layout, KeyStrategy.md5(), new KeySchemaResolver(() -> {
                throw new IllegalStateException("no DynamoDB during priming");
            }), log);
            BatchProcessor processor = new BatchProcessor(layout,
                    new RecordParser(new TenantResolver(config.multiTenancyColumn()), log),
                    new ItemWriter(writer, objectKeys), new QuarantineWriter(writer, layout), writer, dispatcher, log,
                    metrics, BatchProcessor.TimeBudget.lambda());
            for (int b = 0; b < batches; b++) {
                processor.process(batch(b, recordsPerBatch, config.multiTenancyColumn()), "priming-" + b, Deadline.none());
            }
        }
        return http.requests();
    }

    /** Inserts, modifies and removes of 1 KB items, every attribute type the hot path serialises. */
    static List<DynamodbStreamRecord> batch(int batch, int records, String tenantColumn) {
        List<DynamodbStreamRecord> out = new ArrayList<>(records);
        String payload = "x".repeat(900);
        for (int i = 0; i < records; i++) {
            int n = batch * records + i;
            String eventName = i % 10 == 9 ? "REMOVE" : i % 3 == 0 ? "INSERT" : "MODIFY";
            Map<String, AttributeValue> key = Map.of("pk", new AttributeValue().withS("item-" + (n % 997)));
            StreamRecord r = new StreamRecord();
            r.setKeys(key);
            r.setSequenceNumber(BigInteger.valueOf(1_000_000L + n).toString());
            r.setApproximateCreationDateTime(new Date(946_684_800_000L + n * 1000L));
            r.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.NEW_AND_OLD_IMAGES);
            r.setSizeBytes(1024L);
            Map<String, AttributeValue> image = new java.util.LinkedHashMap<>(key);
            image.put("payload", new AttributeValue().withS(payload));
            image.put("count", new AttributeValue().withN(Integer.toString(n)));
            image.put("flag", new AttributeValue().withBOOL(n % 2 == 0));
            image.put("tags", new AttributeValue().withSS("a", "b"));
            image.put("nested", new AttributeValue().withM(Map.of("x", new AttributeValue().withN("1.5"))));
            if (tenantColumn != null) {
                image.put(tenantColumn, new AttributeValue().withS("tenant-" + (n % 3)));
            }
            if (!eventName.equals("INSERT")) {
                r.setOldImage(image);
            }
            if (!eventName.equals("REMOVE")) {
                r.setNewImage(image);
            }
            DynamodbStreamRecord record = new DynamodbStreamRecord();
            record.setEventID("priming-" + n);
            record.setEventName(eventName);
            record.setEventSource("aws:dynamodb");
            record.setEventVersion("1.1");
            record.setAwsRegion("us-east-1");
            record.setEventSourceARN(SOURCE_ARN);
            record.setDynamodb(r);
            out.add(record);
        }
        return out;
    }
}
