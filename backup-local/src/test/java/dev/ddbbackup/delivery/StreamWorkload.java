package dev.ddbbackup.delivery;

import dev.ddbbackup.testing.TableModel;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The independent model of a table and its stream: a random workload (inserts, updates, deletes,
 * TTL deletes, tenant moves, hot keys, several changes in one second) as the stream records
 * DynamoDB would emit, and the table's state at any time. Built only from the SDK's attribute
 * values and the workload's own arithmetic: none of the code under test.
 */
final class StreamWorkload {

    static final String TENANT = "tenant";
    static final String[] TENANTS = {"acme", "beta", "gamma"};

    /** One stream record, and what it did to the table. */
    static final class Change {
        final int index;
        final String eventId;
        final String eventName;
        final BigInteger sequence;
        final Instant time;
        final int shard;
        final String key;
        final Map<String, AttributeValue> keys;
        final Map<String, AttributeValue> oldImage;
        final Map<String, AttributeValue> newImage;
        final boolean ttl;

        Change(int index, String eventId, String eventName, BigInteger sequence, Instant time, int shard, String key,
                Map<String, AttributeValue> keys, Map<String, AttributeValue> oldImage,
                Map<String, AttributeValue> newImage, boolean ttl) {
            this.index = index;
            this.eventId = eventId;
            this.eventName = eventName;
            this.sequence = sequence;
            this.time = time;
            this.shard = shard;
            this.key = key;
            this.keys = keys;
            this.oldImage = oldImage;
            this.newImage = newImage;
            this.ttl = ttl;
        }

        String oldTenant() {
            return oldImage == null ? null : oldImage.get(TENANT).s();
        }

        String newTenant() {
            return newImage == null ? null : newImage.get(TENANT).s();
        }

        @Override
        public String toString() {
            return eventName + " " + key + " seq " + sequence + " at " + time + " (" + eventId + ")";
        }
    }

    private final List<Change> changes = new ArrayList<>();
    private final TableModel<Map<String, AttributeValue>> table = new TableModel<>();
    private final int shards;

    private StreamWorkload(int shards) {
        this.shards = shards;
    }

    /**
     * {@code count} changes over {@code keys} keys (keys 0-3 take about 40%: hot keys), the last one
     * a second before {@code end}, spread over {@code shards} shards by key.
     */
    static StreamWorkload generate(Random random, int count, int keys, int shards, Instant end) {
        StreamWorkload w = new StreamWorkload(shards);
        List<Integer> steps = new ArrayList<>();
        long span = 0;
        for (int i = 0; i < count; i++) {
            int r = random.nextInt(10);
            int step = r < 4 ? 0 : r < 8 ? 1 : 2 + random.nextInt(4);
            steps.add(step);
            span += step;
        }
        // Stream times are whole seconds (DynamoDB rounds ApproximateCreationDateTime down).
        Instant time = end.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(span + 1);
        BigInteger sequence = new BigInteger("4421584500000000017450439091");
        for (int i = 0; i < count; i++) {
            time = time.plusSeconds(steps.get(i));
            sequence = sequence.add(BigInteger.valueOf(1 + random.nextInt(50)));
            int k = random.nextInt(10) < 4 ? random.nextInt(4) : random.nextInt(keys);
            Map<String, AttributeValue> keyAttributes = keyOf(k);
            String key = key(keyAttributes);
            Map<String, AttributeValue> old = w.table.current(key);
            String eventName;
            Map<String, AttributeValue> image;
            boolean ttl = false;
            if (old == null) {
                eventName = "INSERT";
                image = image(random, k, TENANTS[random.nextInt(TENANTS.length)], i);
            } else if (random.nextInt(10) < 7) {
                eventName = "MODIFY";
                String tenant = random.nextInt(6) == 0 ? TENANTS[random.nextInt(TENANTS.length)] : old.get(TENANT).s();
                image = image(random, k, tenant, i);
            } else {
                eventName = "REMOVE";
                image = null;
                ttl = random.nextInt(4) == 0;
            }
            w.table.apply(time, key, image);
            String eventId = String.format("%032x", new BigInteger(64, random).shiftLeft(64).or(BigInteger.valueOf(i)));
            w.changes.add(new Change(i, eventId, eventName, sequence, time, Math.floorMod(k * 7919, shards), key,
                    keyAttributes, old, image, ttl));
        }
        return w;
    }

    static Map<String, AttributeValue> keyOf(int k) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put("pk", AttributeValue.fromS("key-" + k));
        key.put("sk", AttributeValue.fromN(Integer.toString(k % 3)));
        return key;
    }

    /** The model's own name for a key: {@code pk|sk}. */
    static String key(Map<String, AttributeValue> item) {
        return item.get("pk").s() + "|" + item.get("sk").n();
    }

    private static Map<String, AttributeValue> image(Random random, int k, String tenant, int step) {
        Map<String, AttributeValue> image = new LinkedHashMap<>(keyOf(k));
        image.put(TENANT, AttributeValue.fromS(tenant));
        image.put("v", AttributeValue.fromN(Integer.toString(step)));
        if (random.nextBoolean()) {
            image.put("note", AttributeValue.fromS("note " + random.nextInt(1000) + " \u00e9\u6f22 \"q\"\n"));
        }
        if (random.nextInt(3) == 0) {
            image.put("tags", AttributeValue.fromSs(sorted(List.of("t" + random.nextInt(5), "u" + random.nextInt(5)))));
        }
        if (random.nextInt(4) == 0) {
            byte[] bytes = new byte[1 + random.nextInt(20)];
            random.nextBytes(bytes);
            image.put("blob", AttributeValue.fromB(SdkBytes.fromByteArray(bytes)));
        }
        if (random.nextInt(4) == 0) {
            image.put("doc", AttributeValue.fromM(Map.of("n", AttributeValue.fromN(Integer.toString(random.nextInt(100))),
                    "ok", AttributeValue.fromBool(random.nextBoolean()),
                    "l", AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromNul(true))))));
        }
        return image;
    }

    private static List<String> sorted(List<String> values) {
        List<String> out = new ArrayList<>(new java.util.TreeSet<>(values));
        Collections.sort(out);
        return out;
    }

    List<Change> changes() {
        return changes;
    }

    int shards() {
        return shards;
    }

    /** The records of one shard, in stream order. */
    List<Change> shard(int shard) {
        List<Change> out = new ArrayList<>();
        for (Change c : changes) {
            if (c.shard == shard) {
                out.add(c);
            }
        }
        return out;
    }

    /** The table at {@code time}, inclusive: key -> item. */
    Map<String, Map<String, AttributeValue>> stateAt(Instant time) {
        return table.stateAt(time);
    }

    /** Every key the workload touched. */
    List<String> keys() {
        List<String> out = new ArrayList<>(new java.util.TreeSet<>(changes.stream().map(c -> c.key).toList()));
        return out;
    }

    /** The changes of one key, in stream order. */
    List<Change> of(String key) {
        return changes.stream().filter(c -> c.key.equals(key)).toList();
    }

    Instant first() {
        return changes.get(0).time;
    }

    Instant last() {
        return changes.get(changes.size() - 1).time;
    }
}
