package dev.ddbbackup.bench.probe;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.ddbbackup.function.StreamRecords;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A synthetic DynamoDB stream batch as Lambda delivers it (MODIFY records, NEW_AND_OLD_IMAGES),
 * with items of a chosen size and a chosen key mix.
 *
 * <p>It lives in the probe package because the cold-start and memory probes build batches in a
 * JVM that has only the function's classpath: this class may use nothing but the function's own
 * classes ({@link StreamRecords} builds the records), the Lambda event model and the JDK (not the
 * test kit's {@code dev.ddbbackup.testing.Events}).
 */
public final class StreamBatch {

    public static final String HASH_KEY = "pk";
    static final String STREAM_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/%s/stream/2026-11-20T00:00:00.000";

    /** Which keys the records change. */
    public enum KeyMix {
        /** Every record changes a different key. */
        UNIFORM("uniform"),
        /** 20% of the records change 1% of the keys: per-key ordering makes chains of writes. */
        HOT("hot 20%/1%");

        public final String label;

        KeyMix(String label) {
            this.label = label;
        }
    }

    private final String table;
    private final int itemBytes;
    private long sequence;
    /** The records' stream time; null: now, for each record. */
    private java.time.Instant time;

    /** {@code itemBytes} is the approximate size of one item image as DynamoDB JSON. */
    public StreamBatch(String table, int itemBytes, long firstSequence) {
        this.table = table;
        this.itemBytes = itemBytes;
        this.sequence = firstSequence;
    }

    /** Gives every record this stream time (ApproximateCreationDateTime) instead of now: history written "in the past". */
    public StreamBatch at(java.time.Instant time) {
        this.time = time;
        return this;
    }

    /** The key index of each record, in delivery order (reproducible for a seed). */
    public static int[] keyIndexes(int records, KeyMix mix, long seed) {
        List<Integer> keys = new ArrayList<>(records);
        if (mix == KeyMix.UNIFORM) {
            for (int i = 0; i < records; i++) {
                keys.add(i);
            }
        } else {
            int hotRecords = records / 5;
            int coldKeys = records - hotRecords;
            // 1% of all distinct keys are hot; at least one.
            int hotKeys = Math.max(1, Math.round((coldKeys) / 99f));
            for (int i = 0; i < coldKeys; i++) {
                keys.add(i);
            }
            for (int i = 0; i < hotRecords; i++) {
                keys.add(coldKeys + i % hotKeys);
            }
        }
        Collections.shuffle(keys, new Random(seed));
        int[] out = new int[records];
        for (int i = 0; i < records; i++) {
            out[i] = keys.get(i);
        }
        return out;
    }

    /** A batch with one record per entry of {@code keyIndexes}. */
    public DynamodbEvent event(int[] keyIndexes) {
        List<DynamodbStreamRecord> records = new ArrayList<>(keyIndexes.length);
        for (int k : keyIndexes) {
            records.add(record(k));
        }
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    /** The item image of a key, about {@code itemBytes} long as DynamoDB JSON. */
    public Map<String, AttributeValue> image(int keyIndex) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(HASH_KEY, new AttributeValue().withS(keyName(keyIndex)));
        item.put("version", new AttributeValue().withN(Long.toString(sequence)));
        item.put("status", new AttributeValue().withS("ACTIVE"));
        // {"pk":{"S":"..."},"version":{"N":"..."},"status":{"S":"ACTIVE"},"payload":{"S":"..."}}
        int overhead = 90;
        item.put("payload", new AttributeValue().withS(filler(Math.max(1, itemBytes - overhead), keyIndex)));
        return item;
    }

    public static String keyName(int keyIndex) {
        return "key-" + keyIndex;
    }

    private DynamodbStreamRecord record(int keyIndex) {
        long seq = ++sequence;
        Map<String, AttributeValue> keys = new LinkedHashMap<>();
        keys.put(HASH_KEY, new AttributeValue().withS(keyName(keyIndex)));
        return StreamRecords.of("bench-" + seq, "MODIFY", String.format(STREAM_ARN, table), String.format("%021d", seq),
                time == null ? java.time.Instant.now() : time, (long) itemBytes * 2, keys, image(keyIndex), image(keyIndex));
    }

    /**
     * Random letters (S3 stores bodies as they are; only the size matters), a distinct String per
     * image like the runtime's deserialiser makes, copied from one random block to stay cheap.
     */
    private static String filler(int length, int keyIndex) {
        char[] block = RANDOM_LETTERS;
        if (length >= block.length) {
            throw new IllegalArgumentException("items up to " + block.length + " bytes");
        }
        return new String(block, keyIndex % (block.length - length), length);
    }

    private static final char[] RANDOM_LETTERS = randomLetters(128 * 1024);

    private static char[] randomLetters(int n) {
        Random random = new Random(1);
        char[] out = new char[n];
        for (int i = 0; i < n; i++) {
            out[i] = (char) ('a' + random.nextInt(26));
        }
        return out;
    }
}
