package io.sessionstores.benchmarks.redis;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import io.sessionstores.redis.testkit.PipelinedFill;

/**
 * Commands sent as they are over one plain connection, pipelined without limit, for the memory
 * figures' fills of a million sessions: a Redisson batch costs more client CPU per command than
 * Redis spends on it. A thread reads the replies as they come; {@link #close} waits for all of
 * them and fails on the first error reply. Only replies of one line or one bulk string (the
 * write commands' replies) are understood.
 */
final class RespPipeline implements PipelinedFill.Writes, AutoCloseable {

    private static final byte[] CRLF = {'\r', '\n'};

    private final Socket socket;
    private final OutputStream out;
    private final Thread reader;
    private final AtomicLong replies = new AtomicLong();
    private volatile String error;
    private long sent;

    RespPipeline(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        reader = new Thread(() -> readReplies(in), "resp-replies-" + port);
        reader.setDaemon(true);
        reader.start();
    }

    /** Sends one command: its name and arguments, each a string (UTF-8) or bytes. */
    void command(Object... args) {
        try {
            header('*', args.length);
            for (Object arg : args) {
                byte[] bytes = arg instanceof byte[] b ? b : arg.toString().getBytes(StandardCharsets.UTF_8);
                header('$', bytes.length);
                out.write(bytes);
                out.write(CRLF);
            }
            sent++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void hset(String key, byte[] field, byte[] value) {
        command("HSET", key, field, value);
    }

    @Override
    public void setPx(String key, byte[] value, long ttlMillis) {
        command("SET", key, value, "PX", ttlMillis);
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the reply of every command sent; fails on an error reply or a lost connection. */
    void sync() throws InterruptedException {
        flush();
        while (replies.get() < sent && error == null && reader.isAlive()) {
            Thread.sleep(5);
        }
        if (error != null || replies.get() < sent) {
            throw new IllegalStateException("pipelined writes: " + replies.get() + " replies of " + sent
                    + (error == null ? "" : ", first error: " + error));
        }
    }

    /** {@link #sync}, then closes the connection. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            sync();
        } finally {
            socket.close();
        }
    }

    private void header(char type, int n) throws IOException {
        out.write(type);
        out.write(Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
    }

    private void readReplies(InputStream in) {
        try {
            for (String line = line(in); line != null; line = line(in)) {
                if (line.startsWith("-") && error == null) {
                    error = line;
                } else if (line.startsWith("$") && !line.equals("$-1")) {
                    in.skipNBytes(Integer.parseInt(line.substring(1)) + 2L);
                }
                replies.incrementAndGet();
            }
        } catch (IOException e) {
            if (error == null && !socket.isClosed()) {
                error = e.toString();
            }
        }
    }

    /** One reply line without its CRLF, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return null;
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
