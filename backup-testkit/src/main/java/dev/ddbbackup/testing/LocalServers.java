package dev.ddbbackup.testing;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.ddbbackup.aws.ClientSettings;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The servers the integration test classes run against, one set per JVM, each started on first use
 * (each takes seconds to start, so starting them per class would dominate the build). Test classes
 * use their own buckets and tables. The servers die with the JVM.
 *
 * <p>Two sets: {@link Backend#LOCAL} (S3Mock and DynamoDB Local, in this JVM; the default) and
 * {@link Backend#MOTO} (moto_server for S3, DynamoDB and its streams; see {@link MotoServer}). A
 * test class runs against moto by extending the class with {@code @ExtendWith(OnMoto.class)}: the
 * extension selects moto before the class's {@code @BeforeAll} methods and selects the default
 * again after its {@code @AfterAll} methods, so everything the class gets from here is moto's.
 * Test classes run one at a time in this build (surefire's default), which the selection relies on.
 */
public final class LocalServers {

    /** A set of servers: S3 and DynamoDB (with streams). */
    public enum Backend {
        /** Adobe S3Mock and DynamoDB Local, in this JVM. */
        LOCAL,
        /** moto_server, one process for S3, DynamoDB and DynamoDB Streams. */
        MOTO
    }

    private static Backend current = Backend.LOCAL;

    /** Each backend's clients, made on first use. */
    private static final Map<Backend, S3Client> S3_CLIENTS = new EnumMap<>(Backend.class);
    private static final Map<Backend, DynamoDbClient> DYNAMODB_CLIENTS = new EnumMap<>(Backend.class);

    private LocalServers() {
    }

    /** The backend {@link #s3()}, {@link #dynamoDb()} and the endpoints answer for. */
    public static synchronized Backend current() {
        return current;
    }

    static synchronized void use(Backend backend) {
        current = backend;
    }

    /** S3Mock itself (the {@link Backend#LOCAL} S3 server, whichever backend is selected). */
    public static S3MockExtension s3Mock() {
        return LocalS3.shared();
    }

    public static synchronized S3Client s3() {
        return S3_CLIENTS.computeIfAbsent(current,
                backend -> backend == Backend.MOTO ? MotoServer.shared().s3() : LocalS3.client(s3Mock()));
    }

    public static synchronized URI s3Endpoint() {
        return current == Backend.MOTO ? MotoServer.shared().endpoint() : LocalS3.endpoint(s3Mock());
    }

    public static synchronized URI dynamoDbEndpoint() {
        return current == Backend.MOTO ? MotoServer.shared().endpoint() : LocalDynamo.endpoint();
    }

    public static synchronized DynamoDbClient dynamoDb() {
        return DYNAMODB_CLIENTS.computeIfAbsent(current,
                backend -> backend == Backend.MOTO ? MotoServer.shared().dynamoDb() : LocalDynamo.client());
    }

    /**
     * Gives the default credentials chain, which the command lines build their clients from, a key:
     * system properties are its first link, and the local servers accept any key.
     */
    public static void credentialsForCommandLines() {
        // Left set for the rest of the JVM: every suite that runs command lines wants the same.
        CredentialProperties.set("test", "test");
    }

    /**
     * Client settings for a server of the kit: us-east-1, any credentials (local servers check
     * none), the test servers' time limits ({@link TestTimeouts}), these interceptors, and the
     * endpoints {@code where} sets.
     */
    static ClientSettings clientSettings(UnaryOperator<ClientSettings.Builder> where, ExecutionInterceptor... interceptors) {
        ClientSettings.Builder b = where.apply(ClientSettings.builder())
                .region(Region.US_EAST_1)
                .timeouts(TestTimeouts.forTestServers())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
        for (ExecutionInterceptor i : interceptors) {
            b.addInterceptor(i);
        }
        return b.build();
    }
}
