package dev.ddbbackup.jobs;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The SDK clients of a job function, built like the backup function's (CRT HTTP client, standard
 * configuration chain, {@code AWS_ENDPOINT_URL[_S3|_DYNAMODB]}) on first use: nothing connects or
 * resolves credentials at init.
 */
final class JobClients {

    /** Connections per client: the restore engine's default of 64 concurrent GETs, plus listings and writes. */
    static final int MAX_CONNECTIONS = 96;

    private final Supplier<S3Client> s3;
    private final Supplier<DynamoDbClient> dynamoDb;

    JobClients(Supplier<S3Client> s3, Supplier<DynamoDbClient> dynamoDb) {
        this.s3 = memoize(s3);
        this.dynamoDb = memoize(dynamoDb);
    }

    static JobClients fromEnvironment(Map<String, String> env) {
        ClientSettings settings = ClientSettings.fromEnvironment(env).toBuilder().maxConcurrency(MAX_CONNECTIONS).build();
        return new JobClients(() -> AwsClients.s3(settings), () -> AwsClients.dynamoDb(settings));
    }

    S3Client s3() {
        return s3.get();
    }

    DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
