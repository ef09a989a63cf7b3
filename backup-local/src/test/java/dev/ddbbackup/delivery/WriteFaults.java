package dev.ddbbackup.delivery;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 faults the function meets, injected into its S3 client: a write S3 rejects (not written,
 * an error the SDK does not retry), a write whose answer is lost (written, yet the function sees
 * an error), and a throttle the SDK retries. Decisions are a pure function of the seed, the
 * invocation, the object key and how often that key was written in the invocation, so a run
 * replays exactly whatever order the function's threads write in. Every write that lands is
 * recorded, so the test knows every version the bucket holds.
 */
final class WriteFaults implements ExecutionInterceptor {

    /** What happens to one write. */
    enum Fault { NONE, REJECT, LOST, THROTTLE }

    /** Fault rates of one invocation, for item writes and for change-log writes. */
    record Rates(double reject, double lost, double throttle, double logReject, double logLost) {
        static final Rates NONE = new Rates(0, 0, 0, 0, 0);

        boolean any() {
            return reject + lost + throttle + logReject + logLost > 0;
        }
    }

    /** A write that landed in the bucket. */
    static final class Written {
        final String key;
        final String versionId;
        final boolean delete;
        final boolean answered;

        Written(String key, String versionId, boolean delete, boolean answered) {
            this.key = key;
            this.versionId = versionId;
            this.delete = delete;
            this.answered = answered;
        }
    }

    private static final ExecutionAttribute<Fault> FAULT = new ExecutionAttribute<>("delivery-fault");

    private final long seed;
    private final List<String> changeLogMarkers;
    private volatile long invocation;
    private volatile Rates rates = Rates.NONE;
    private final Map<String, AtomicInteger> ordinals = new ConcurrentHashMap<>();
    private final Queue<Written> written = new ConcurrentLinkedQueue<>();
    private final Map<Fault, AtomicInteger> injected = new ConcurrentHashMap<>();

    /**
     * @param changeLogMarkers substrings of the keys of the batch's own writes ({@code /_changes/},
     *     and {@code /_log/} for log segments)
     */
    WriteFaults(long seed, String... changeLogMarkers) {
        this.seed = seed;
        this.changeLogMarkers = List.of(changeLogMarkers);
    }

    /** The marker a key of a change log (or log segment) contains, or null for any other key. */
    private String changeLogMarker(String key) {
        for (String marker : changeLogMarkers) {
            if (key.contains(marker)) {
                return marker;
            }
        }
        return null;
    }

    /** The next invocation writes under these rates. */
    void invocation(long number, Rates rates) {
        this.invocation = number;
        this.rates = rates;
        ordinals.clear();
    }

    List<Written> written() {
        return List.copyOf(written);
    }

    int injected(Fault fault) {
        AtomicInteger n = injected.get(fault);
        return n == null ? 0 : n.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String key = keyOf(context.request());
        String changeLogMarker = key == null ? null : changeLogMarker(key);
        if (key == null || (changeLogMarker == null && key.contains("/_"))) {
            return; // _table.json, quarantine: not part of the delivery model
        }
        // What identifies the write in any run of this seed: the item's key below the table root (the
        // table and bucket names vary between runs), or for a change log only that it is one (its name
        // carries times and request ids).
        boolean changeLog = changeLogMarker != null;
        String identity = changeLog ? changeLogMarker : key.substring(key.indexOf('/', key.indexOf('/') + 1) + 1);
        int ordinal = ordinals.computeIfAbsent(identity, k -> new AtomicInteger()).getAndIncrement();
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + invocation * 0xC2B2AE3D27D4EB4FL
                + identity.hashCode() * 31L + ordinal);
        double x = r.nextDouble();
        Rates now = rates;
        Fault fault;
        if (changeLog) {
            fault = x < now.logReject() ? Fault.REJECT : x < now.logReject() + now.logLost() ? Fault.LOST : Fault.NONE;
        } else {
            fault = x < now.reject() ? Fault.REJECT : x < now.reject() + now.lost() ? Fault.LOST
                    : x < now.reject() + now.lost() + now.throttle() ? Fault.THROTTLE : Fault.NONE;
        }
        attributes.putAttribute(FAULT, fault);
        if (fault != Fault.NONE) {
            injected.computeIfAbsent(fault, f -> new AtomicInteger()).incrementAndGet();
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Fault fault = attributes.getAttribute(FAULT);
        if (fault == Fault.REJECT) {
            throw error(403, "AccessDenied");
        }
        if (fault == Fault.THROTTLE) {
            attributes.putAttribute(FAULT, Fault.NONE); // the SDK's retry goes through
            throw error(503, "SlowDown");
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkResponse response = context.response();
        String key = keyOf(context.request());
        Fault fault = attributes.getAttribute(FAULT);
        if (response instanceof PutObjectResponse) {
            written.add(new Written(key, ((PutObjectResponse) response).versionId(), false, fault != Fault.LOST));
        } else if (response instanceof DeleteObjectResponse) {
            written.add(new Written(key, ((DeleteObjectResponse) response).versionId(), true, fault != Fault.LOST));
        }
        if (fault == Fault.LOST) {
            throw SdkClientException.builder().message("Injected fault: the write landed but its response was lost").build();
        }
    }

    private static String keyOf(SdkRequest request) {
        if (request instanceof PutObjectRequest) {
            return ((PutObjectRequest) request).key();
        }
        if (request instanceof DeleteObjectRequest) {
            return ((DeleteObjectRequest) request).key();
        }
        return null;
    }

    private static S3Exception error(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status).message("Injected fault")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("Injected fault").build()).build();
    }
}
