package dev.ddbbackup.function;

import static dev.ddbbackup.function.StreamBatches.noDynamoDb;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.aws.Timeouts;
import dev.ddbbackup.testing.CapturedLog;
import dev.ddbbackup.testing.InFlightCalls;
import dev.ddbbackup.testing.LocalS3;
import dev.ddbbackup.testing.NetworkProxy;
import dev.ddbbackup.testing.NetworkProxy.Conditions;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What every network-fault test of the function starts from: a fresh versioned bucket of the
 * embedded S3Mock per test, looked at directly ({@link #direct}) and written by the function
 * through a {@link NetworkProxy} whose conditions the test sets, with the production client limits.
 */
abstract class ProxiedBucketFixture {

    protected final CapturedLog captured = new CapturedLog();
    protected final InFlightCalls inFlight = new InFlightCalls();
    protected NetworkProxy proxy;
    protected S3Client direct;
    protected String bucketName;
    protected BackupBucket bucket;
    private final String namePrefix;

    protected ProxiedBucketFixture(String namePrefix) {
        this.namePrefix = namePrefix;
    }

    @BeforeEach
    void bucketBehindAProxy() {
        ClientSettings s3Mock = LocalS3.settings(LocalS3.shared());
        direct = AwsClients.s3(s3Mock);
        bucketName = namePrefix + UUID.randomUUID().toString().substring(0, 8);
        LocalS3.createVersionedBucket(direct, bucketName);
        bucket = new BackupBucket(direct, bucketName, HandlerFixture.PREFIX);
        proxy = NetworkProxy.start(s3Mock.s3Endpoint().orElseThrow(), Conditions.none());
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    /**
     * An S3 client with the function's production limits (timeouts, concurrency), pointed at the
     * proxy, counted by {@link #inFlight} and then these interceptors: the client every
     * network-fault test drives the function with.
     */
    protected S3Client functionClient(ExecutionInterceptor... more) {
        ClientSettings.Builder settings = LocalS3.settings(LocalS3.shared()).toBuilder()
                .s3Endpoint(proxy.endpoint())
                .maxConcurrency(64)
                .timeouts(Timeouts.function())
                .addInterceptor(inFlight);
        for (ExecutionInterceptor i : more) {
            settings.addInterceptor(i);
        }
        return AwsClients.s3(settings.build());
    }

    /** A handler of this test's bucket writing through {@code s3}, without DynamoDB (no table description). */
    protected BackupHandler.Builder functionHandler(S3Client s3) {
        return BackupHandler.builder(BackupConfig.builder().bucket(bucketName).prefix(HandlerFixture.PREFIX).build(), s3,
                noDynamoDb()).log(captured.log()).metrics(captured.metrics());
    }
}
