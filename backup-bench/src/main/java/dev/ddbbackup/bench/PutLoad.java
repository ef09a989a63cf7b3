package dev.ddbbackup.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The baselines the handler is compared with: the same PutObject calls (count, body sizes, user
 * metadata) with no handler logic, either from N threads at once (raw PUT capacity) or one at a
 * time (a sequential writer).
 */
final class PutLoad {

    /** One object to PUT. */
    record Put(String key, byte[] body, Map<String, String> metadata) {
    }

    private PutLoad() {
    }

    /** PUTs every object from {@code threads} threads; returns the elapsed seconds. */
    static double concurrent(S3Client s3, String bucket, List<Put> puts, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>(puts.size());
            for (Put p : puts) {
                futures.add(pool.submit(() -> put(s3, bucket, p)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            return Samples.secondsSince(start);
        } finally {
            pool.shutdownNow();
        }
    }

    /** PUTs the objects one after the other; returns the elapsed seconds. */
    static double sequential(S3Client s3, String bucket, List<Put> puts) {
        long start = System.nanoTime();
        for (Put p : puts) {
            put(s3, bucket, p);
        }
        return Samples.secondsSince(start);
    }

    private static void put(S3Client s3, String bucket, Put p) {
        s3.putObject(b -> b.bucket(bucket).key(p.key()).contentType("application/json")
                .contentLength((long) p.body().length).metadata(p.metadata()), RequestBody.fromBytes(p.body()));
    }
}
