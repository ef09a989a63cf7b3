package dev.ddbbackup.bench.probe;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.stream.LocalContext;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * What a fixed number of changes costs the function: {@code changes} records in batches of
 * {@code batchSize}, half of them updates of items written before, through the handler as Lambda
 * calls it. Two small unmeasured batches on other keys first (class loading, the JIT, the table
 * description); then per measured batch the process's CPU and the handler's wall time (Lambda's
 * billed duration), the S3 requests by operation ({@link RequestCounter}) and, listed before and
 * after, the bytes of every object version the batches added to the bucket.
 *
 * <p>Prints {@code PROBE batches=... cpuNanos=... wallNanos=... maxWallNanos=... storedBytes=...
 * storedVersions=... req.PutObject=...}.
 */
final class CostProbe {

    private static final int WARMUP_RECORDS = 200;
    /** Far from the measured keys, so the warm-up writes no measured item. */
    private static final int WARMUP_KEYS = 100_000_000;

    private CostProbe() {
    }

    /** Arguments: table, batch size, changes, item bytes. */
    static void run(String[] args) throws Exception {
        String table = args[1];
        int batchSize = Integer.parseInt(args[2]);
        int changes = Integer.parseInt(args[3]);
        int itemBytes = Integer.parseInt(args[4]);
        // Every item is written twice: an insert, then an update later in the run.
        int items = Math.max(1, changes / 2);
        StreamBatch source = new StreamBatch(table, itemBytes, System.nanoTime());
        BackupHandler handler = new BackupHandler();
        java.util.Random random = new java.util.Random(7);
        for (int w = 0; w < 2; w++) {
            int first = WARMUP_KEYS + w * WARMUP_RECORDS;
            int[] keys = IntStream.range(first, first + WARMUP_RECORDS).toArray();
            FunctionProbe.check(handler.handleRequest(source.event(keys), new LocalContext("cost-warmup-" + w, 900_000)));
        }
        Map<String, String> env = System.getenv();
        String bucket = BackupConfig.fromEnvironment(env).bucket();
        long[] before = stored(env, bucket);
        Map<String, Long> requestsBefore = RequestCounter.snapshot();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = 0;
        long wall = 0;
        long maxWall = 0;
        int batches = 0;
        for (int start = 0; start < changes; start += batchSize) {
            int[] keys = IntStream.range(start, Math.min(start + batchSize, changes)).map(k -> k % items).toArray();
            DynamodbEvent batch = incompressible(source.event(keys), random);
            long c = os.getProcessCpuTime();
            long t = System.nanoTime();
            FunctionProbe.check(handler.handleRequest(batch, new LocalContext("cost-" + batches, 900_000)));
            t = System.nanoTime() - t;
            cpu += os.getProcessCpuTime() - c;
            wall += t;
            maxWall = Math.max(maxWall, t);
            batches++;
        }
        Map<String, Long> requestsAfter = RequestCounter.snapshot();
        long[] after = stored(env, bucket);
        StringBuilder line = new StringBuilder("PROBE");
        line.append(" batches=").append(batches).append(" cpuNanos=").append(cpu).append(" wallNanos=").append(wall)
                .append(" maxWallNanos=").append(maxWall).append(" storedBytes=").append(after[0] - before[0])
                .append(" storedVersions=").append(after[1] - before[1]);
        requestsAfter.forEach((op, n) -> line.append(" req.").append(op).append('=')
                .append(n - requestsBefore.getOrDefault(op, 0L)));
        System.out.println(line);
    }

    /**
     * The batch with every payload replaced by its own random letters: the shared filler of
     * {@link StreamBatch} repeats across records, which gzip would fold into almost nothing in a log
     * segment; random lowercase letters compress as ordinary text fields do (to about 60%).
     */
    private static DynamodbEvent incompressible(DynamodbEvent event, java.util.Random random) {
        for (DynamodbEvent.DynamodbStreamRecord r : event.getRecords()) {
            for (var image : java.util.Arrays.asList(r.getDynamodb().getNewImage(), r.getDynamodb().getOldImage())) {
                if (image != null && image.get("payload") != null) {
                    char[] letters = new char[image.get("payload").getS().length()];
                    for (int i = 0; i < letters.length; i++) {
                        letters[i] = (char) ('a' + random.nextInt(26));
                    }
                    image.get("payload").setS(new String(letters));
                }
            }
        }
        return event;
    }

    /** Bytes and number of all object versions in the bucket (listing requests are not counted: outside the batches). */
    private static long[] stored(Map<String, String> env, String bucket) {
        try (S3Client s3 = AwsClients.s3(ClientSettings.fromEnvironment(env))) {
            long bytes = 0;
            long versions = 0;
            for (ObjectVersion v : s3.listObjectVersionsPaginator(b -> b.bucket(bucket)).versions()) {
                bytes += v.size();
                versions++;
            }
            return new long[] {bytes, versions};
        }
    }
}
