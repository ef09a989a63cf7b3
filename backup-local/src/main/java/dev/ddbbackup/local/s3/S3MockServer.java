package dev.ddbbackup.local.s3;

import com.adobe.testing.s3mock.S3MockApplication;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adobe S3Mock (an S3-compatible server with real versioning) in this JVM on a loopback HTTP port,
 * with two fixes ({@link S3MockFixesConfiguration}: its key index in memory, version listings that
 * lose nothing) and, for benchmarks, an optional model of S3's request latency
 * ({@link LatencyModelConfiguration}).
 */
public final class S3MockServer implements AutoCloseable {

    private final S3MockApplication app;

    private S3MockServer(S3MockApplication app) {
        this.app = app;
    }

    /**
     * Starts S3Mock on {@code port} (0 for a free one).
     *
     * @param withFixes    keep the key index in memory, so a request's cost does not grow with the
     *                     bucket, and list all versions in one page (see {@link UnpagedVersionListing})
     * @param latency      added to every request (zero for none)
     */
    public static S3MockServer start(int port, boolean withFixes, Duration latency) {
        return start(port, withFixes, latency, null, null);
    }

    /**
     * As {@link #start(int, boolean, Duration)}, storing objects under {@code root} (when not null)
     * and leaving them there at exit (the caller deletes them), with {@code tls} (null: S3Mock's own
     * certificate) on the HTTPS port ({@link #httpsEndpoint()}). Without a root S3Mock stores into a
     * temporary directory that it deletes in a JVM shutdown hook, which takes long after tens of
     * thousands of objects.
     */
    public static S3MockServer start(int port, boolean withFixes, Duration latency, java.nio.file.Path root,
            SelfSignedTls tls) {
        Map<String, Object> props = new HashMap<>();
        if (tls != null) {
            props.put("server.ssl.key-store", tls.keyStore().toUri().toString());
            props.put("server.ssl.key-store-type", "PKCS12");
            props.put("server.ssl.key-store-password", tls.password());
            props.put("server.ssl.key-alias", tls.alias());
            props.put("server.ssl.key-password", tls.password());
        }
        if (root != null) {
            props.put(S3MockApplication.PROP_ROOT_DIRECTORY, root.toAbsolutePath().toString());
            props.put("com.adobe.testing.s3mock.store.retainFilesOnExit", true);
        }
        props.put(S3MockApplication.PROP_HTTP_PORT, port);
        props.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
        props.put(S3MockApplication.PROP_SILENT, true);
        props.put("server.address", InetAddress.getLoopbackAddress().getHostAddress());
        props.put("spring.main.banner-mode", "off");
        props.put("logging.level.root", "WARN");
        List<String> sources = new ArrayList<>();
        if (withFixes) {
            sources.add(S3MockFixesConfiguration.class.getName());
        }
        if (!latency.isZero()) {
            sources.add(LatencyModelConfiguration.class.getName());
            props.put(LatencyModelConfiguration.PROPERTY, latency.toMillis());
        }
        if (!sources.isEmpty()) {
            props.put("spring.main.sources", String.join(",", sources));
        }
        return new S3MockServer(S3MockApplication.start(props));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + app.getHttpPort());
    }

    /** The HTTPS endpoint (trusted by clients only with the certificate it was started with). */
    public URI httpsEndpoint() {
        return URI.create("https://127.0.0.1:" + app.getPort());
    }

    @Override
    public void close() {
        app.stop();
    }
}
