package io.sessionstores.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * What the tests asked of {@code redis-cli}, over the Redis protocol from Java, so that a machine
 * without the Redis tools runs them too: one command, its reply as text in {@code redis-cli}'s
 * raw output (a bulk or simple string as it is, an integer as its digits, an array one element a
 * line, an error as {@code (error) <message>}, a server that cannot be reached as
 * {@code Could not connect to Redis at ...}), and {@code MONITOR}.
 */
public final class RedisCli {

    private static final int TIMEOUT_MILLIS = 30_000;

    private RedisCli() {
    }

    /** Sends {@code args} (a command and its arguments) to the server on loopback {@code port}; its reply as text. */
    public static String call(int port, String... args) {
        try {
            StringBuilder out = new StringBuilder();
            format(reply(port, args), out);
            return out.append('\n').toString();
        } catch (ErrorReply e) {
            return "(error) " + e.getMessage() + "\n";
        } catch (EOFException e) {
            return ""; // SHUTDOWN: the server closes the connection without a reply
        } catch (ConnectException e) {
            return "Could not connect to Redis at 127.0.0.1:" + port + ": Connection refused\n";
        } catch (IOException e) {
            return "(error) " + e + "\n";
        }
    }

    /**
     * Sends {@code args} to the server on loopback {@code port} and returns its reply as it is: a
     * String (simple string), Long (integer), byte[] (bulk string), Object[] (array) or null; an
     * error reply is thrown as {@link ErrorReply}.
     */
    public static Object reply(int port, String... args) throws IOException {
        return authenticatedReply(port, null, args);
    }

    /**
     * As {@link #reply(int, String...)} on a server that requires {@code password} ({@code AUTH}
     * first, on the same connection); {@code null}: no {@code AUTH}.
     */
    public static Object authenticatedReply(int port, String password, String... args) throws IOException {
        try (Socket socket = connect(port)) {
            BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
            if (password != null) {
                send(socket.getOutputStream(), new String[] {"AUTH", password});
                if (read(in) instanceof Error error) {
                    throw new ErrorReply(error.message());
                }
            }
            send(socket.getOutputStream(), args);
            Object reply = read(in);
            if (reply instanceof Error error) {
                throw new ErrorReply(error.message());
            }
            return reply;
        }
    }

    /** An error reply of the server ({@code -ERR ...}), its message as the server sent it. */
    public static final class ErrorReply extends IOException {

        private static final long serialVersionUID = 1L;

        ErrorReply(String message) {
            super(message);
        }
    }

    /**
     * Runs {@code MONITOR} on the server on {@code port} until the returned connection is closed:
     * each command the server sees reaches {@code lines} as {@code redis-cli monitor} prints it
     * ({@code <time> [<db> <client>] "<command>" "<arg>" ...}), from a daemon thread.
     */
    public static AutoCloseable monitor(int port, Consumer<String> lines) throws IOException {
        Socket socket = connect(port);
        socket.setSoTimeout(0);
        send(socket.getOutputStream(), "MONITOR");
        Thread reader = new Thread(() -> {
            try {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                read(in); // +OK
                while (true) {
                    Object reply = read(in);
                    lines.accept(reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply));
                }
            } catch (IOException e) {
                // closed
            }
        }, "redis-monitor-" + port);
        reader.setDaemon(true);
        reader.start();
        return socket::close;
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static void send(OutputStream out, String... args) throws IOException {
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        command.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            command.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            command.writeBytes(bytes);
            command.writeBytes(new byte[] {'\r', '\n'});
        }
        out.write(command.toByteArray());
        out.flush();
    }

    /** One reply: a String (simple), an {@link Error}, a Long, byte[] (bulk), null or Object[]. */
    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException();
        }
        String line = line(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                return new Error(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length);
                line(in);
                return bytes;
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                Object[] items = new Object[count];
                for (int i = 0; i < count; i++) {
                    items[i] = read(in);
                }
                return items;
            }
            default:
                throw new IOException("not a Redis reply: '" + (char) type + line + "'");
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new EOFException();
            }
            line.write(b);
        }
        in.read(); // '\n'
        return line.toString(StandardCharsets.UTF_8);
    }

    private static void format(Object reply, StringBuilder out) {
        if (reply instanceof Object[] items) {
            for (int i = 0; i < items.length; i++) {
                if (i > 0) {
                    out.append('\n');
                }
                format(items[i], out);
            }
        } else if (reply instanceof byte[] bytes) {
            out.append(new String(bytes, StandardCharsets.UTF_8));
        } else if (reply instanceof Error error) {
            out.append("(error) ").append(error.message);
        } else if (reply != null) {
            out.append(reply);
        }
    }

    private record Error(String message) {
    }
}
