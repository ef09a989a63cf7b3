package dev.ddbbackup.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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

    private static final int CHUNK = 16 * 1024;

    /** What the network does. Immutable; see {@link #builder()}. */
    public static final class Conditions {
        final long oneWayNanos;
        final long nanosPerKilobyte;
        final long bandwidthBytesPerSecond;
        final double resetFraction;
        final int resetAfterBytes;
        final double stallFraction;
        final int stallAfterBytes;
        final Duration stallFor;

        private Conditions(Builder b) {
            this.oneWayNanos = b.roundTrip.toNanos() / 2;
            this.nanosPerKilobyte = b.perKilobyte.toNanos();
            this.bandwidthBytesPerSecond = b.bandwidthBytesPerSecond;
            this.resetFraction = b.resetFraction;
            this.resetAfterBytes = b.resetAfterBytes;
            this.stallFraction = b.stallFraction;
            this.stallAfterBytes = b.stallAfterBytes;
            this.stallFor = b.stallFor;
        }

        /** Loopback as it is. */
        public static Conditions none() {
            return builder().build();
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builder. */
        public static final class Builder {
            private Duration roundTrip = Duration.ZERO;
            private Duration perKilobyte = Duration.ZERO;
            private long bandwidthBytesPerSecond;
            private double resetFraction;
            private int resetAfterBytes;
            private double stallFraction;
            private int stallAfterBytes;
            private Duration stallFor = Duration.ZERO;

            private Builder() {
            }

            /**
             * Added to every request-response exchange: each byte takes half of it to reach the
             * other side (so a TCP connect, an HTTP exchange and a {@code 100 Continue} each cost
             * one round trip, as on a real network).
             */
            public Builder roundTrip(Duration roundTrip) {
                this.roundTrip = roundTrip;
                return this;
            }

            /** Each kilobyte of a connection costs this much more time, each way. */
            public Builder perKilobyte(Duration perKilobyte) {
                this.perKilobyte = perKilobyte;
                return this;
            }

            /** At most this many bytes a second, each way, for all connections together (0: no cap). */
            public Builder bandwidth(long bytesPerSecond) {
                this.bandwidthBytesPerSecond = bytesPerSecond;
                return this;
            }

            /** This fraction of responses is cut by a reset (RST to both sides) after {@code afterBytes} bytes. */
            public Builder resets(double fraction, int afterBytes) {
                this.resetFraction = fraction;
                this.resetAfterBytes = afterBytes;
                return this;
            }

            /**
             * This fraction of responses stops after {@code afterBytes} bytes for {@code stallFor}
             * ({@code null}: until either side closes the connection), then goes on.
             */
            public Builder stalls(double fraction, int afterBytes, Duration stallFor) {
                this.stallFraction = fraction;
                this.stallAfterBytes = afterBytes;
                this.stallFor = stallFor;
                return this;
            }

            public Conditions build() {
                return new Conditions(this);
            }
        }
    }

    /** Counts of what happened, for assertions. */
    public static final class Stats {
        public final AtomicInteger connections = new AtomicInteger();
        public final AtomicInteger responses = new AtomicInteger();
        public final AtomicInteger resets = new AtomicInteger();
        public final AtomicInteger stalls = new AtomicInteger();
        public final AtomicLong bytesToServer = new AtomicLong();
        public final AtomicLong bytesToClient = new AtomicLong();
    }

    private final InetSocketAddress target;
    private final int port;
    private final Random random;
    private final Stats stats = new Stats();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Link toServer = new Link();
    private final Link toClient = new Link();
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
        for (Connection c : open) {
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
                    stats.connections.incrementAndGet();
                    new Connection(client).start();
                } catch (IOException e) {
                    // Closed (refusing or shutting down), or a failed connect to the target.
                }
            }
        }, "proxy-accept-" + port);
        thread.setDaemon(true);
        acceptor = thread;
        thread.start();
    }

    private boolean roll(double fraction) {
        if (fraction <= 0) {
            return false;
        }
        synchronized (random) {
            return random.nextDouble() < fraction;
        }
    }

    /** A direction's shared capacity: chunks take turns on it, in the order they arrive. */
    private static final class Link {
        private long freeAtNanos;

        /** When a chunk of {@code bytes} that may start at {@code startNanos} has gone through. */
        synchronized long transmit(long startNanos, int bytes, long bytesPerSecond) {
            if (bytesPerSecond <= 0) {
                return startNanos;
            }
            long begin = Math.max(startNanos, freeAtNanos);
            freeAtNanos = begin + bytes * 1_000_000_000L / bytesPerSecond;
            return freeAtNanos;
        }
    }

    /** An item in a direction's queue: bytes to deliver at a time, or a fault. */
    private static final class Item {
        enum Kind { DATA, STALL, RESET, END }

        final Kind kind;
        final byte[] bytes;
        final long dueNanos;
        final Duration stall;

        Item(Kind kind, byte[] bytes, long dueNanos, Duration stall) {
            this.kind = kind;
            this.bytes = bytes;
            this.dueNanos = dueNanos;
            this.stall = stall;
        }
    }

    /** One proxied connection: two directions, each a reader and a writer around a FIFO queue. */
    private final class Connection {
        private final Socket client;
        private final long acceptedNanos = System.nanoTime();
        /** Released when the connection is over (or the client is gone): ends stalls. */
        private final CountDownLatch ended = new CountDownLatch(1);
        private final AtomicInteger directionsEnded = new AtomicInteger();
        private volatile Socket server;
        /** Set when the client sent bytes since the server last did: the server's next bytes open a response. */
        private volatile boolean requestSinceResponse = true;

        Connection(Socket client) {
            this.client = client;
        }

        void start() {
            open.add(this);
            Thread opener = new Thread(() -> {
                try {
                    Socket s = new Socket();
                    s.setTcpNoDelay(true);
                    s.connect(target, 5_000);
                    server = s;
                    client.setTcpNoDelay(true);
                } catch (IOException e) {
                    reset();
                    return;
                }
                direction("up", client, server, true);
                direction("down", server, client, false);
            }, "proxy-open-" + port);
            opener.setDaemon(true);
            opener.start();
        }

        private void direction(String name, Socket from, Socket to, boolean toServerSide) {
            BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> read(from, queue, toServerSide), "proxy-" + name + "-read-" + port);
            Thread writer = new Thread(() -> write(to, queue, toServerSide), "proxy-" + name + "-write-" + port);
            reader.setDaemon(true);
            writer.setDaemon(true);
            reader.start();
            writer.start();
        }

        /** Reads chunks, stamps each with its delivery time (never before the previous one's), decides faults. */
        private void read(Socket from, BlockingQueue<Item> queue, boolean toServerSide) {
            // The first bytes a client sends wait for the TCP handshake: one round trip.
            long previousDue = toServerSide ? acceptedNanos + 2 * conditions.oneWayNanos : 0;
            byte[] buffer = new byte[CHUNK];
            Item.Kind fate = Item.Kind.DATA;
            long responseBytes = 0;
            try {
                InputStream in = from.getInputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    Conditions c = conditions;
                    long now = System.nanoTime();
                    if (toServerSide) {
                        requestSinceResponse = true;
                    } else if (requestSinceResponse) {
                        requestSinceResponse = false;
                        stats.responses.incrementAndGet();
                        responseBytes = 0;
                        fate = roll(c.resetFraction) ? Item.Kind.RESET
                                : roll(c.stallFraction) ? Item.Kind.STALL : Item.Kind.DATA;
                    }
                    int offset = 0;
                    if (fate != Item.Kind.DATA) {
                        int faultAt = fate == Item.Kind.RESET ? c.resetAfterBytes : c.stallAfterBytes;
                        long before = Math.max(0, faultAt - responseBytes);
                        if (before < n) {
                            int head = (int) before;
                            previousDue = enqueue(queue, buffer, 0, head, now, previousDue, c, toServerSide);
                            queue.put(new Item(fate, null, previousDue, c.stallFor));
                            offset = head;
                            if (fate == Item.Kind.RESET) {
                                return;
                            }
                            fate = Item.Kind.DATA;
                        }
                    }
                    previousDue = enqueue(queue, buffer, offset, n - offset, now, previousDue, c, toServerSide);
                    responseBytes += n;
                }
                // End of stream: deliver what is queued, then pass the close on.
                queue.put(new Item(Item.Kind.END, null, previousDue, null));
                if (toServerSide) {
                    // The client is gone: nobody will read a stalled response any more.
                    ended.countDown();
                }
            } catch (IOException e) {
                // Reset by the other side (or by us): the whole connection goes.
                reset();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reset();
            }
        }

        private long enqueue(BlockingQueue<Item> queue, byte[] buffer, int offset, int length, long now, long previousDue,
                Conditions c, boolean toServerSide) throws InterruptedException {
            if (length <= 0) {
                return previousDue;
            }
            long due = Math.max(previousDue, now + c.oneWayNanos) + length * c.nanosPerKilobyte / 1024;
            due = (toServerSide ? toServer : toClient).transmit(due, length, c.bandwidthBytesPerSecond);
            queue.put(new Item(Item.Kind.DATA, Arrays.copyOfRange(buffer, offset, offset + length), due, null));
            return due;
        }

        /** Delivers the queue's items in order, each at its time; applies stalls and resets. */
        private void write(Socket to, BlockingQueue<Item> queue, boolean toServerSide) {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Item item = queue.take();
                    long wait = item.dueNanos - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    switch (item.kind) {
                        case DATA:
                            out.write(item.bytes);
                            out.flush();
                            (toServerSide ? stats.bytesToServer : stats.bytesToClient).addAndGet(item.bytes.length);
                            break;
                        case STALL:
                            stats.stalls.incrementAndGet();
                            boolean over = item.stall == null ? awaitEnd()
                                    : ended.await(item.stall.toMillis(), TimeUnit.MILLISECONDS);
                            if (over) {
                                reset();
                                return;
                            }
                            break;
                        case RESET:
                            stats.resets.incrementAndGet();
                            reset();
                            return;
                        case END:
                            // The other side closed: pass that on; once both have, the connection is over.
                            to.shutdownOutput();
                            if (directionsEnded.incrementAndGet() == 2) {
                                close();
                            }
                            return;
                        default:
                            throw new IllegalStateException(item.kind.name());
                    }
                }
            } catch (IOException e) {
                reset();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private boolean awaitEnd() throws InterruptedException {
            ended.await();
            return true;
        }

        /** Both sides closed: close both sockets. */
        private void close() {
            closeQuietly(client);
            closeQuietly(server);
            open.remove(this);
            ended.countDown();
        }

        private void closeQuietly(Socket socket) {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException e) {
                // Already closed.
            }
        }

        /** Closes both sockets with RST (linger 0), so each side sees "connection reset". */
        void reset() {
            abort(client);
            abort(server);
            open.remove(this);
            ended.countDown();
        }

        private void abort(Socket socket) {
            if (socket == null) {
                return;
            }
            try {
                socket.setSoLinger(true, 0);
            } catch (SocketException e) {
                // Already closed.
            }
            try {
                socket.close();
            } catch (IOException e) {
                // Already closed.
            }
        }
    }
}
