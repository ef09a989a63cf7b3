package dev.ddbbackup.jobs;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.Executors;

/** The JDK's HTTP server on a free loopback port, its exchanges on daemon threads: the tests' stand-ins for endpoints. */
final class LoopbackHttp {

    private LoopbackHttp() {
    }

    /**
     * A started server whose {@code path} (and everything under it) {@code handler} answers, on
     * threads named {@code threadName}.
     */
    static HttpServer start(String threadName, int backlog, String path, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        }));
        server.createContext(path, handler);
        server.start();
        return server;
    }

    static URI endpoint(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
}
