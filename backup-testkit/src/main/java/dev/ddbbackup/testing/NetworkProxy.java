package dev.ddbbackup.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a loopback port that makes the network between a client and a server behave
 * like one: latency on every byte each way, a per-connection cost per kilobyte, a bandwidth
 * shared by all connections, connections reset or stalled part-way through a response, and new
 * connections refused. Conditions can be changed while it runs.
 *
 * <p>Each connection's bytes stay in order, whatever the conditions: each direction has one
 * reader that stamps every chunk with the time it may be delivered (never earlier than the chunk
 * before it) and one writer that delivers the chunks in that order, at those times. (A proxy that
 * schedules each chunk on a timer of its own can deliver them out of order, and the server then
 * reads garbled requests.) {@code NetworkProxyTest} checks that, and each condition.
 *
 * <p>A response is what the server sends after the client last sent something: HTTP/1.1 being
 * request-response, that is one HTTP response (or an interim {@code 100 Continue}). Resets and
 * stalls are decided per response, with the configured probability, and happen after the
 * configured number of its bytes has been delivered.
 */
public final class NetworkProxy implements AutoCloseable {

    /**
     * What the network does: one way of a round trip, then the cost per kilobyte, the shared
     * bandwidth, and the resets and stalls of responses.
     */
    public record Conditions(long oneWayNanos, long nanosPerKilobyte, long bandwidthBytesPerSecond,
            double resetFraction, int resetAfterBytes, double stallFraction, int stallAfterBytes, Duration stallFor) {

        /** Loopback as it is. */
        public static Conditions none() {
            return network(Duration.ZERO, Duration.ZERO, 0);
        }

        /**
         * {@code roundTrip} is added to every request-response exchange: each byte takes half of it to
         * reach the other side (so a TCP connect, an HTTP exchange and a {@code 100 Continue} each cost
         * one round trip, as on a real network). Each kilobyte of a connection costs {@code perKilobyte}
         * more time, each way. At most {@code bandwidthBytesPerSecond} bytes a second, each way, for
         * all connections together (0: no cap).
         */
        public static Conditions network(Duration roundTrip, Duration perKilobyte, long bandwidthBytesPerSecond) {
            return new Conditions(roundTrip.toNanos() / 2, perKilobyte.toNanos(), bandwidthBytesPerSecond, 0, 0, 0, 0,
                    Duration.ZERO);
        }

        /** Loopback, but this fraction of responses is cut by a reset (RST to both sides) after {@code afterBytes} bytes. */
        public static Conditions resets(double fraction, int afterBytes) {
            return new Conditions(0, 0, 0, fraction, afterBytes, 0, 0, Duration.ZERO);
        }

        /**
         * Loopback, but this fraction of responses stops after {@code afterBytes} bytes for
         * {@code stallFor} ({@code null}: until either side closes the connection), then goes on.
         */
        public static Conditions stalls(double fraction, int afterBytes, Duration stallFor) {
            return new Conditions(0, 0, 0, 0, 0, fraction, afterBytes, stallFor);
        }
    }

    /** Counts of what happened, for assertions. */
    public static final class Stats {
        public final AtomicInteger responses = new AtomicInteger();
        public final AtomicInteger resets = new AtomicInteger();
        public final AtomicInteger stalls = new AtomicInteger();
    }

    private final InetSocketAddress target;
    private final int port;
    private final Random random;
    private final Stats stats = new Stats();
    private final Set<ProxiedConnection> open = ConcurrentHashMap.newKeySet();
    private final ProxiedConnection.Link toServer = new ProxiedConnection.Link();
    private final ProxiedConnection.Link toClient = new ProxiedConnection.Link();
    private volatile Conditions conditions;
    private volatile ServerSocket listener;
    /** The thread accepting on {@link #listener}. */
    private volatile Thread acceptor;
    private volatile boolean closed;

    private NetworkProxy(InetSocketAddress target, Conditions conditions, long seed) throws IOException {
        this.target = target;
        this.conditions = conditions;
        this.random = new Random(seed);
        ServerSocket socket = listen(0);
        this.port = socket.getLocalPort();
        this.listener = socket;
        startAccepting(socket);
    }

    /** A proxy to {@code target} on a free loopback port. */
    public static NetworkProxy start(URI target, Conditions conditions) {
        try {
            return new NetworkProxy(new InetSocketAddress(target.getHost(), target.getPort()), conditions, 42);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The proxy's address, as an http endpoint. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public Stats stats() {
        return stats;
    }

    /** New conditions for what is sent from now on (open connections included). */
    public void conditions(Conditions conditions) {
        this.conditions = Objects.requireNonNull(conditions);
    }

    /**
     * Refuses new connections (the port is closed: connecting fails with "connection refused")
     * until {@link #acceptConnections()}. Open connections go on.
     */
    public synchronized void refuseConnections() {
        ServerSocket socket = listener;
        Thread accepting = acceptor;
        listener = null;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing: nothing to keep.
            }
        }
        if (accepting != null) {
            // The JDK closes a socket another thread is blocked on (accept) only once that thread has
            // left the call: until then the port still completes handshakes. Refusing means refused.
            try {
                accepting.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Accepts new connections again, on the same port. */
    public synchronized void acceptConnections() {
        if (listener == null && !closed) {
            try {
                ServerSocket socket = listen(port);
                listener = socket;
                startAccepting(socket);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Resets every open connection now. */
    public void resetAll() {
        for (ProxiedConnection c : open) {
            c.reset();
        }
    }

    @Override
    public void close() {
        closed = true;
        refuseConnections();
        resetAll();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        return socket;
    }

    private void startAccepting(ServerSocket socket) {
        Thread thread = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    new ProxiedConnection(this, client).start();
                } catch (IOException e) {
                    // Closed (refusing or shutting down), or a failed connect to the target.
                }
            }
        }, "proxy-accept-" + port);
        thread.setDaemon(true);
        acceptor = thread;
        thread.start();
    }

    // ---- what a connection asks of its proxy ----

    InetSocketAddress target() {
        return target;
    }

    /** The conditions now (each chunk is sent under the conditions of when it was read). */
    Conditions conditions() {
        return conditions;
    }

    /** The capacity shared by every connection's bytes in one direction. */
    ProxiedConnection.Link link(boolean toServerSide) {
        return toServerSide ? toServer : toClient;
    }

    void opened(ProxiedConnection connection) {
        open.add(connection);
    }

    void closed(ProxiedConnection connection) {
        open.remove(connection);
    }

    /** True with probability {@code fraction}, from the proxy's one seeded random sequence. */
    boolean roll(double fraction) {
        if (fraction <= 0) {
            return false;
        }
        synchronized (random) {
            return random.nextDouble() < fraction;
        }
    }
}
