package io.sessionstores.core.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on a free loopback port in front of a real service (PostgreSQL, MariaDB, Redis),
 * so a test can cause real network faults without stopping a service that others share:
 * <ul>
 *   <li>{@link #cut()}: every open connection is closed and new ones are closed on arrival, as
 *       when the database is stopped;</li>
 *   <li>{@link #blackhole()}: connections stay open but nothing gets through in either direction,
 *       as when a network path silently drops packets (the case that hangs clients without
 *       timeouts);</li>
 *   <li>{@link #restore()}: relays again (connections poisoned by a black hole are closed first).</li>
 * </ul>
 * Test code only; one daemon thread per direction per connection.
 */
public final class TcpRelay implements AutoCloseable {

    private enum Mode { FORWARD, CUT, BLACKHOLE }

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.FORWARD;

    private TcpRelay(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        daemon("relay-accept-" + port(), this::acceptLoop).start();
    }

    /** A relay to {@code host:port}, forwarding from the start. */
    public static TcpRelay start(String host, int port) {
        try {
            return new TcpRelay(host, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a relay port", e);
        }
    }

    /** The loopback port clients connect to instead of the service's. */
    public int port() {
        return server.getLocalPort();
    }

    /** Closes every open connection and closes new ones on arrival, until {@link #restore()}. */
    public void cut() {
        mode = Mode.CUT;
        closeAll();
    }

    /** Lets nothing through, in either direction, on open and new connections, keeping them open. */
    public void blackhole() {
        mode = Mode.BLACKHOLE;
    }

    /** Relays again; connections that lived through a black hole are closed (their streams are torn). */
    public void restore() {
        if (mode == Mode.BLACKHOLE) {
            closeAll();
        }
        mode = Mode.FORWARD;
    }

    /** How many client connections are open through the relay now. */
    public int openConnections() {
        return open.size() / 2;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        closeAll();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (mode == Mode.CUT) {
                    client.close();
                } else if (mode == Mode.BLACKHOLE) {
                    open.add(client);
                    pump(client, null);
                } else {
                    connect(client);
                }
            } catch (IOException e) {
                // server closed, or one connection failed: keep serving the others
            }
        }
    }

    private void connect(Socket client) throws IOException {
        Socket upstream = new Socket();
        try {
            upstream.connect(new InetSocketAddress(targetHost, targetPort), 5000);
        } catch (IOException e) {
            client.close();
            throw e;
        }
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
    }

    /** Copies {@code from} to {@code to} while forwarding; drops the bytes in a black hole. */
    private void pump(Socket from, Socket to) {
        daemon("relay-pump-" + port(), () -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to == null ? null : to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (mode == Mode.FORWARD && out != null) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the other side went away
            } finally {
                open.remove(from);
                closeQuietly(from);
                if (to != null) {
                    open.remove(to);
                    closeQuietly(to);
                }
            }
        }).start();
    }

    private void closeAll() {
        open.forEach(TcpRelay::closeQuietly);
        open.clear();
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }
}
