package dev.ddbbackup.testing;

import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A test class that works on the servers {@link LocalServers} selects: their clients, taken before
 * the class's own {@code @BeforeAll} methods and after {@link OnMoto} (an extension's callback runs
 * first) has selected moto for a subclass, so {@code SnapshotOnMotoTest extends SnapshotTest} gets
 * moto's. The fields are shared by every subclass; test classes run one at a time (see
 * {@link LocalServers}), each setting them again.
 */
public abstract class WithLocalServers {

    protected static DynamoDbClient dynamoDb;
    protected static S3Client s3;

    @BeforeAll
    static void clientsOfTheSelectedServers() {
        dynamoDb = LocalServers.dynamoDb();
        s3 = LocalServers.s3();
    }
}
