package dev.ddbbackup.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy itself: each connection's bytes in order, and each condition doing what it says. */
class NetworkProxyTest {

    /** Echoes every byte back; or, in "respond" mode, answers each byte received with 100 bytes. */
    static final class TestServer implements AutoCloseable {
        final ServerSocket socket;
        final boolean respond;

        TestServer(boolean respond) throws IOException {
            this.respond = respond;
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::serve, "test-server");
            t.setDaemon(true);
            t.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        private void serve() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    Thread t = new Thread(() -> handle(s), "test-server-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void handle(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (respond) {
                        out.write(new byte[100]);
                    } else {
                        out.write(buffer, 0, n);
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // The test is done with this connection.
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private TestServer server;
    private NetworkProxy proxy;

    @AfterEach
    void stop() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(30_000);
        return s;
    }

    @BeforeEach
    void noServerYet() {
        server = null;
        proxy = null;
    }

    @Test
    void eachConnectionsBytesArriveIntactAndInOrderWhateverTheChunkSizes() throws Exception {
        server = new TestServer(false);
        // Per-kilobyte costs make a large chunk due later than a small one read after it: a proxy
        // that timed each chunk on its own would deliver the small one first.
        proxy = NetworkProxy.start(server.uri(), NetworkProxy.Conditions.network(
                Duration.ofMillis(10), Duration.ofMillis(1), 40_000_000));
        int connections = 6;
        ExecutorService pool = Executors.newFixedThreadPool(connections * 2);
        try {
            List<Future<byte[]>> echoed = new ArrayList<>();
            List<byte[]> sent = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                Random random = new Random(c);
                byte[] data = new byte[600_000 + random.nextInt(200_000)];
                random.nextBytes(data);
                sent.add(data);
                Socket socket = connect();
                pool.submit(() -> {
                    OutputStream out = socket.getOutputStream();
                    for (int offset = 0; offset < data.length; ) {
                        int n = Math.min(data.length - offset, 1 + random.nextInt(40_000));
                        out.write(data, offset, n);
                        out.flush();
                        offset += n;
                    }
                    return null;
                });
                echoed.add(pool.submit(() -> {
                    InputStream in = socket.getInputStream();
                    ByteArrayOutputStream got = new ByteArrayOutputStream(data.length);
                    byte[] buffer = new byte[8192];
                    while (got.size() < data.length) {
                        int n = in.read(buffer);
                        if (n < 0) {
                            break;
                        }
                        got.write(buffer, 0, n);
                    }
                    socket.close();
                    return got.toByteArray();
                }));
            }
            for (int c = 0; c < connections; c++) {
                assertThat(echoed.get(c).get()).as("bytes of connection %d, there and back", c).isEqualTo(sent.get(c));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachExchangeTakesAtLeastTheRoundTrip() throws Exception {
        server = new TestServer(false);
        proxy = NetworkProxy.start(server.uri(), NetworkProxy.Conditions.network(Duration.ofMillis(200), Duration.ZERO, 0));
        try (Socket s = connect()) {
            exchange(s);
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                exchange(s);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(195));
            }
        }
    }

    private static void exchange(Socket s) throws IOException {
        s.getOutputStream().write('x');
        s.getOutputStream().flush();
        assertThat(s.getInputStream().read()).isEqualTo('x');
    }

    @Test
    void bandwidthIsCapped() throws Exception {
        server = new TestServer(false);
        proxy = NetworkProxy.start(server.uri(), NetworkProxy.Conditions.network(Duration.ZERO, Duration.ZERO, 256 * 1024));
        byte[] data = new byte[512 * 1024];
        try (Socket s = connect()) {
            long started = System.nanoTime();
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(data);
                } catch (IOException e) {
                    // The assertion below fails instead.
                }
            });
            writer.start();
            byte[] got = s.getInputStream().readNBytes(data.length);
            assertThat(got).hasSize(data.length);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
            writer.join();
        }
    }

    @Test
    void aResetCutsTheResponseAfterItsFirstBytes() throws Exception {
        server = new TestServer(true);
        proxy = NetworkProxy.start(server.uri(), NetworkProxy.Conditions.resets(1.0, 10));
        try (Socket s = connect()) {
            s.getOutputStream().write('x');
            InputStream in = s.getInputStream();
            byte[] first = in.readNBytes(10);
            assertThat(first).hasSize(10);
            assertThatThrownBy(() -> {
                if (in.read() < 0) {
                    throw new IOException("end of stream");
                }
            }).isInstanceOf(IOException.class);
        }
        assertThat(proxy.stats().resets.get()).isEqualTo(1);
    }

    @Test
    void aStallHoldsTheRestOfTheResponseForItsDurationOrUntilTheClientGivesUp() throws Exception {
        server = new TestServer(true);
        proxy = NetworkProxy.start(server.uri(), NetworkProxy.Conditions.stalls(1.0, 10, null));
        try (Socket s = connect()) {
            s.setSoTimeout(500);
            s.getOutputStream().write('x');
            assertThat(s.getInputStream().readNBytes(10)).hasSize(10);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
        proxy.conditions(NetworkProxy.Conditions.stalls(1.0, 10, Duration.ofMillis(300)));
        try (Socket s = connect()) {
            long started = System.nanoTime();
            s.getOutputStream().write('x');
            assertThat(s.getInputStream().readNBytes(100)).hasSize(100);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
        }
        assertThat(proxy.stats().stalls.get()).isEqualTo(2);
    }

    @Test
    void refusesNewConnectionsWhileOpenOnesGoOnThenAcceptsAgain() throws Exception {
        server = new TestServer(false);
        proxy = NetworkProxy.start(server.uri(), NetworkProxy.Conditions.none());
        try (Socket open = connect()) {
            exchange(open);
            proxy.refuseConnections();
            // Usually ECONNREFUSED (ConnectException); a SYN that races the listener's close is
            // answered with a reset instead. Both mean: no new connection.
            assertThatThrownBy(this::connect).isInstanceOf(SocketException.class);
            exchange(open);
            proxy.acceptConnections();
            try (Socket again = connect()) {
                exchange(again);
            }
        }
    }
}
