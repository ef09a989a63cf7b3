package dev.ddbbackup.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection through a {@link NetworkProxy}: two directions, each a reader and a writer around
 * a FIFO queue. The proxy decides the conditions; this is the relay that applies them to the bytes.
 */
final class ProxiedConnection {

    private static final int CHUNK = 16 * 1024;

    private final NetworkProxy proxy;
    private final Socket client;
    private final long acceptedNanos = System.nanoTime();
    /** Released when the connection is over (or the client is gone): ends stalls. */
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicInteger directionsEnded = new AtomicInteger();
    private volatile Socket server;
    /** Set when the client sent bytes since the server last did: the server's next bytes open a response. */
    private volatile boolean requestSinceResponse = true;

    ProxiedConnection(NetworkProxy proxy, Socket client) {
        this.proxy = proxy;
        this.client = client;
    }

    void start() {
        proxy.opened(this);
        Thread opener = new Thread(() -> {
            try {
                Socket s = new Socket();
                s.setTcpNoDelay(true);
                s.connect(proxy.target(), 5_000);
                server = s;
                client.setTcpNoDelay(true);
            } catch (IOException e) {
                reset();
                return;
            }
            direction("up", client, server, true);
            direction("down", server, client, false);
        }, "proxy-open-" + proxy.port());
        opener.setDaemon(true);
        opener.start();
    }

    private void direction(String name, Socket from, Socket to, boolean toServerSide) {
        BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> read(from, queue, toServerSide), "proxy-" + name + "-read-" + proxy.port());
        Thread writer = new Thread(() -> write(to, queue), "proxy-" + name + "-write-" + proxy.port());
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    /** Reads chunks, stamps each with its delivery time (never before the previous one's), decides faults. */
    private void read(Socket from, BlockingQueue<Item> queue, boolean toServerSide) {
        // The first bytes a client sends wait for the TCP handshake: one round trip.
        long previousDue = toServerSide ? acceptedNanos + 2 * proxy.conditions().oneWayNanos() : 0;
        byte[] buffer = new byte[CHUNK];
        Item.Kind fate = Item.Kind.DATA;
        long responseBytes = 0;
        try {
            InputStream in = from.getInputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                NetworkProxy.Conditions c = proxy.conditions();
                long now = System.nanoTime();
                if (toServerSide) {
                    requestSinceResponse = true;
                } else if (requestSinceResponse) {
                    requestSinceResponse = false;
                    proxy.stats().responses.incrementAndGet();
                    responseBytes = 0;
                    fate = proxy.roll(c.resetFraction()) ? Item.Kind.RESET
                            : proxy.roll(c.stallFraction()) ? Item.Kind.STALL : Item.Kind.DATA;
                }
                int offset = 0;
                if (fate != Item.Kind.DATA) {
                    int faultAt = fate == Item.Kind.RESET ? c.resetAfterBytes() : c.stallAfterBytes();
                    long before = Math.max(0, faultAt - responseBytes);
                    if (before < n) {
                        int head = (int) before;
                        previousDue = enqueue(queue, buffer, 0, head, now, previousDue, c, toServerSide);
                        queue.put(new Item(fate, null, previousDue, c.stallFor()));
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
            NetworkProxy.Conditions c, boolean toServerSide) throws InterruptedException {
        if (length <= 0) {
            return previousDue;
        }
        long due = Math.max(previousDue, now + c.oneWayNanos()) + length * c.nanosPerKilobyte() / 1024;
        due = proxy.link(toServerSide).transmit(due, length, c.bandwidthBytesPerSecond());
        queue.put(new Item(Item.Kind.DATA, Arrays.copyOfRange(buffer, offset, offset + length), due, null));
        return due;
    }

    /** Delivers the queue's items in order, each at its time; applies stalls and resets. */
    private void write(Socket to, BlockingQueue<Item> queue) {
        try {
            OutputStream out = to.getOutputStream();
            while (true) {
                Item item = queue.take();
                long wait = item.dueNanos() - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                switch (item.kind()) {
                    case DATA:
                        out.write(item.bytes());
                        out.flush();
                        break;
                    case STALL:
                        proxy.stats().stalls.incrementAndGet();
                        if (item.stall() == null) {
                            ended.await();
                        } else if (!ended.await(item.stall().toMillis(), TimeUnit.MILLISECONDS)) {
                            break;
                        }
                        reset();
                        return;
                    case RESET:
                        proxy.stats().resets.incrementAndGet();
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
                        throw new IllegalStateException(item.kind().name());
                }
            }
        } catch (IOException e) {
            reset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Both sides closed: close both sockets. */
    private void close() {
        closeQuietly(client);
        closeQuietly(server);
        proxy.closed(this);
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
        proxy.closed(this);
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

    /** A direction's shared capacity: chunks take turns on it, in the order they arrive. */
    static final class Link {
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
    private record Item(Kind kind, byte[] bytes, long dueNanos, Duration stall) {
        enum Kind { DATA, STALL, RESET, END }
    }
}
