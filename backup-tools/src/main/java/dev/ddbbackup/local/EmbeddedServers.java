package dev.ddbbackup.local;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local and an S3-compatible server with versioning (Adobe S3Mock), both in this JVM and
 * both listening on loopback HTTP ports, so the pipeline talks to them through the real SDK
 * clients exactly as it would talk to AWS, and a user can look with the AWS CLI.
 */
public final class EmbeddedServers implements AutoCloseable {

    private final DynamoDBProxyServer dynamoDb;
    private final int dynamoDbPort;
    private final S3MockApplication s3;

    private EmbeddedServers(DynamoDBProxyServer dynamoDb, int dynamoDbPort, S3MockApplication s3) {
        this.dynamoDb = dynamoDb;
        this.dynamoDbPort = dynamoDbPort;
        this.s3 = s3;
    }

    /** Starts both servers on free loopback ports (or the given ones when not 0). */
    public static EmbeddedServers start(int dynamoDbPort, int s3Port) {
        int ddbPort = dynamoDbPort == 0 ? freePort() : dynamoDbPort;
        DynamoDBProxyServer ddb;
        PrintStream stdout = System.out;
        try {
            // DynamoDB Local prints its configuration banner to stdout, which belongs to our summary.
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            ddb = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-port", Integer.toString(ddbPort), "-disableTelemetry"});
            bindToLoopback(ddb);
            ddb.start();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + ddbPort + ": " + e.getMessage(), e);
        } finally {
            System.setOut(stdout);
        }
        Map<String, Object> props = new HashMap<>();
        props.put(S3MockApplication.PROP_HTTP_PORT, s3Port);
        props.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
        props.put(S3MockApplication.PROP_SILENT, true);
        props.put("server.address", InetAddress.getLoopbackAddress().getHostAddress());
        props.put("spring.main.banner-mode", "off");
        props.put("logging.level.root", "WARN");
        S3MockApplication s3 = S3MockApplication.start(props);
        return new EmbeddedServers(ddb, ddbPort, s3);
    }

    public URI dynamoDbEndpoint() {
        return URI.create("http://127.0.0.1:" + dynamoDbPort);
    }

    public URI s3Endpoint() {
        return URI.create("http://127.0.0.1:" + s3.getHttpPort());
    }

    @Override
    public void close() {
        try {
            dynamoDb.stop();
        } catch (Exception e) {
            // Shutting down: nothing left to protect.
        }
        s3.stop();
    }

    /**
     * DynamoDB Local listens on every interface and has no option to change that; the pipeline
     * must only be reachable from this machine, so its Jetty connectors are bound to loopback.
     */
    private static void bindToLoopback(DynamoDBProxyServer server) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server jetty = (Server) field.get(server);
        for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof ServerConnector) {
                ((ServerConnector) connector).setHost(InetAddress.getLoopbackAddress().getHostAddress());
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
