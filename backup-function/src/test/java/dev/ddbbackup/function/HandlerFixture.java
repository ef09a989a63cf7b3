package dev.ddbbackup.function;

import static dev.ddbbackup.function.StreamBatches.failures;
import static dev.ddbbackup.function.StreamBatches.redelivery;
import static dev.ddbbackup.function.StreamBatches.run;
import static dev.ddbbackup.function.StreamBatches.seq;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.testing.CapturedLog;
import dev.ddbbackup.testing.FaultInjector;
import dev.ddbbackup.testing.LocalS3;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * What every handler test against a real S3 server starts from, whichever storage mode it drives:
 * a fresh bucket per test, reached through a client with {@link #faults} inside it (the writer is
 * never mocked), and the function's log and metrics captured.
 */
abstract class HandlerFixture {

    static final String PREFIX = "bk";

    protected final FaultInjector faults = new FaultInjector();
    protected final CapturedLog captured = new CapturedLog();
    protected S3Client s3;
    protected String bucketName;
    protected BackupBucket bucket;

    /** How to reach the S3 server under test (endpoint, region, credentials). */
    protected abstract ClientSettings s3Settings();

    /** A new bucket named {@code namePrefix} and eight random characters, with versioning or without. */
    protected void openBucket(String namePrefix, boolean versioned) {
        s3 = AwsClients.s3(s3Settings().toBuilder().addInterceptor(faults).build());
        bucketName = namePrefix + UUID.randomUUID().toString().substring(0, 8);
        if (versioned) {
            LocalS3.createVersionedBucket(s3, bucketName);
        } else {
            s3.createBucket(b -> b.bucket(bucketName));
        }
        bucket = new BackupBucket(s3, bucketName, PREFIX);
    }

    /**
     * Runs {@code records} through {@code handler} while every PUT of a key containing
     * {@code keyPart} is refused (403, which the client does not retry): the handler must report
     * the batch's first record. Clears the faults and returns what Lambda then redelivers.
     */
    protected List<DynamodbStreamRecord> runRefusingPutsOf(String keyPart, BackupHandler handler,
            List<DynamodbStreamRecord> records) {
        faults.failAlways(r -> r instanceof PutObjectRequest && ((PutObjectRequest) r).key().contains(keyPart), 403);
        StreamsEventResponse response = run(handler, records);
        assertThat(failures(response)).containsExactly(seq(records.get(0)));
        faults.clear();
        return redelivery(records, response);
    }
}
