package dev.ddbbackup.testing;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local, in memory, in this JVM, one server per test run, started on first use. It is
 * run as an HTTP server (not the proxy-only embedded mode) so that clients are built by the
 * production {@link AwsClients} factory, interceptors included.
 */
public final class LocalDynamoDb {

    private static URI endpoint;
    private static DynamoDbClient client;

    private LocalDynamoDb() {
    }

    public static synchronized URI endpoint() {
        if (endpoint == null) {
            try {
                int port;
                try (ServerSocket socket = new ServerSocket(0)) {
                    port = socket.getLocalPort();
                }
                // No telemetry: no network call and no dynamodb-local-metadata.json in the module directory.
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
                server.start();
                endpoint = URI.create("http://127.0.0.1:" + port);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start", e);
            }
        }
        return endpoint;
    }

    public static ClientSettings settings(ExecutionInterceptor... interceptors) {
        ClientSettings.Builder b = ClientSettings.builder()
                .dynamoDbEndpoint(endpoint())
                .region(Region.US_EAST_1)
                .timeouts(TestTimeouts.forTestServers())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
        for (ExecutionInterceptor i : interceptors) {
            b.addInterceptor(i);
        }
        return b.build();
    }

    /** A client with the given interceptors (a new one each call). */
    public static DynamoDbClient client(ExecutionInterceptor... interceptors) {
        return AwsClients.dynamoDb(settings(interceptors));
    }

    /** A shared client without interceptors. */
    public static synchronized DynamoDbClient client() {
        if (client == null) {
            client = client(new ExecutionInterceptor[0]);
        }
        return client;
    }

    /** Creates an on-demand table with a string hash key and, when {@code range} is not null, a number range key. */
    public static void createTable(String table, String hash, String range) {
        client().createTable(b -> {
            b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST);
            if (range == null) {
                b.keySchema(k -> k.attributeName(hash).keyType(KeyType.HASH))
                        .attributeDefinitions(a -> a.attributeName(hash).attributeType(ScalarAttributeType.S));
            } else {
                b.keySchema(k -> k.attributeName(hash).keyType(KeyType.HASH), k -> k.attributeName(range).keyType(KeyType.RANGE))
                        .attributeDefinitions(a -> a.attributeName(hash).attributeType(ScalarAttributeType.S),
                                a -> a.attributeName(range).attributeType(ScalarAttributeType.N));
            }
        });
    }
}
