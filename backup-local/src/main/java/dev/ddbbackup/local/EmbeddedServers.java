package dev.ddbbackup.local;

import dev.ddbbackup.local.s3.S3MockServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local and an S3-compatible server with versioning (Adobe S3Mock), both in this JVM and
 * both listening on loopback HTTP ports, so the pipeline talks to them through the real SDK
 * clients exactly as it would talk to AWS, and a user can look with the AWS CLI.
 *
 * @param s3 null when only DynamoDB Local was started
 */
public record EmbeddedServers(DynamoDBProxyServer dynamoDb, int dynamoDbPort, S3MockServer s3) implements AutoCloseable {

    /** Starts both servers on free loopback ports (or the given ones when not 0). */
    public static EmbeddedServers start(int dynamoDbPort, int s3Port) {
        return start(dynamoDbPort, s3Port, Duration.ZERO, null);
    }

    /**
     * Starts both servers; every S3 request waits {@code s3Latency} first (a model of S3's latency
     * for benchmarks, see {@link dev.ddbbackup.local.s3.LatencyModelConfiguration}), and S3 also
     * serves HTTPS with {@code tls} ({@link #s3HttpsEndpoint()}; null: HTTP only).
     */
    public static EmbeddedServers start(int dynamoDbPort, int s3Port, Duration s3Latency,
            dev.ddbbackup.local.s3.SelfSignedTls tls) {
        EmbeddedServers dynamoDb = startDynamoDb(dynamoDbPort);
        return new EmbeddedServers(dynamoDb.dynamoDb, dynamoDb.dynamoDbPort,
                S3MockServer.start(s3Port, true, s3Latency, null, tls));
    }

    /** DynamoDB Local only (the S3 server is elsewhere, e.g. the benchmarks on moto_server). */
    public static EmbeddedServers startDynamoDb(int dynamoDbPort) {
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
        return new EmbeddedServers(ddb, ddbPort, null);
    }

    public URI dynamoDbEndpoint() {
        return URI.create("http://127.0.0.1:" + dynamoDbPort);
    }

    public URI s3Endpoint() {
        if (s3 == null) {
            throw new IllegalStateException("No S3 server started here");
        }
        return s3.endpoint();
    }

    /** S3's HTTPS endpoint (clients must trust the certificate the servers were started with). */
    public URI s3HttpsEndpoint() {
        if (s3 == null) {
            throw new IllegalStateException("No S3 server started here");
        }
        return s3.httpsEndpoint();
    }

    @Override
    public void close() {
        try {
            dynamoDb.stop();
        } catch (Exception e) {
            // Shutting down: nothing left to protect.
        }
        if (s3 != null) {
            s3.close();
        }
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
