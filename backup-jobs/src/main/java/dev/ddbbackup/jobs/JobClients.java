package dev.ddbbackup.jobs;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.utils.Lazy;

/**
 * The SDK clients of a job function, built like the backup function's (CRT HTTP client, standard
 * configuration chain, {@code AWS_ENDPOINT_URL[_S3|_DYNAMODB]}) on first use: nothing connects or
 * resolves credentials at init.
 */
final class JobClients {

    /** Connections per client: the restore engine's default of 64 concurrent GETs, plus listings and writes. */
    static final int MAX_CONNECTIONS = 96;

    private final Lazy<S3Client> s3;
    private final Lazy<DynamoDbClient> dynamoDb;

    JobClients(Map<String, String> env) {
        ClientSettings settings = ClientSettings.fromEnvironment(env).toBuilder().maxConcurrency(MAX_CONNECTIONS).build();
        this.s3 = new Lazy<>(() -> AwsClients.s3(settings));
        this.dynamoDb = new Lazy<>(() -> AwsClients.dynamoDb(settings));
    }

    S3Client s3() {
        return s3.getValue();
    }

    DynamoDbClient dynamoDb() {
        return dynamoDb.getValue();
    }
}
