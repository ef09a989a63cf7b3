package dev.ddbbackup.testing;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import java.net.URI;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One S3Mock and one DynamoDB Local (HTTP, in memory) for all the tools' test classes in a JVM:
 * each takes seconds to start, so starting them per class would dominate the build. Test classes
 * use their own buckets and tables. The servers die with the JVM.
 */
public final class LocalServers {

    private static S3MockExtension s3Mock;
    private static S3Client s3;
    private static URI dynamoDbEndpoint;
    private static DynamoDbClient dynamoDb;

    private LocalServers() {
    }

    public static synchronized S3MockExtension s3Mock() {
        if (s3Mock == null) {
            S3MockExtension server = LocalS3.extension();
            try {
                server.beforeAll(null);
            } catch (Exception e) {
                throw new IllegalStateException("S3Mock did not start", e);
            }
            s3Mock = server;
        }
        return s3Mock;
    }

    public static synchronized S3Client s3() {
        if (s3 == null) {
            s3 = LocalS3.client(s3Mock());
        }
        return s3;
    }

    public static URI s3Endpoint() {
        return URI.create("http://127.0.0.1:" + s3Mock().getHttpPort());
    }

    public static synchronized URI dynamoDbEndpoint() {
        if (dynamoDbEndpoint == null) {
            try {
                dynamoDbEndpoint = LocalDynamo.startServer();
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start", e);
            }
        }
        return dynamoDbEndpoint;
    }

    public static synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = LocalDynamo.client(dynamoDbEndpoint());
        }
        return dynamoDb;
    }
}
