package io.sessionstores.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sessionstores.core.fault.TcpRelay;
import io.sessionstores.core.it.LogCapture;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.ContextXml;
import io.sessionstores.core.it.TomcatNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.sessionstores.testsupport.TestServices;

/**
 * Regression: "HikariCP thread leak warning when the database is never reachable". A context
 * whose JDBC store keeps its own pool ({@code url}) starts while PostgreSQL cannot be reached and
 * stops before it ever was: the pool's threads kept trying to connect past the stop (HikariCP
 * waits for its connection adder only {@code DriverManager.getLoginTimeout()} seconds, often 0,
 * and never for its housekeeper), carrying the web application's class loader as their context
 * class loader, so Tomcat reported them as a memory leak and they held the class loader.
 */
class PoolThreadLeakIT {

    private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+):(\\d+)");

    /** How the database cannot be reached. */
    enum Unreachable {
        /** Every connection is closed at once (the server is stopped). */
        REFUSED,
        /** Connections open and nothing answers (a silent network): the driver waits its connect timeout. */
        SILENT
    }

    @ParameterizedTest(name = "database {0}")
    @EnumSource(Unreachable.class)
    void poolThreadsEndWithTheContextWhenTheDatabaseWasNeverReachable(Unreachable how) throws Exception {
        Matcher m = HOST_PORT.matcher(TestServices.postgresUrl());
        assertThat(m.find()).isTrue();
        try (TcpRelay relay = TcpRelay.start(m.group(1), Integer.parseInt(m.group(2)));
             LogCapture log = LogCapture.of("")) {
            if (how == Unreachable.REFUSED) {
                relay.cut();
            } else {
                relay.blackhole();
            }
            String throughRelay = m.replaceFirst("//127.0.0.1:" + relay.port());
            String url = throughRelay + (throughRelay.contains("?") ? "&" : "?") + "connectTimeout=2&socketTimeout=3";
            TomcatNode node = TomcatNode.start("pool-leak-" + how, SessionTestApp.war(
                    ContextXml.sessionStoreManager().store(JdbcSessionStore.class, "url", url, "tableName",
                            "ssit_pool_thread_leak", "createSchema", true, "connectionTimeout", 1000, "queryTimeout", 2)
                            .xml()));
            try {
                SessionClient client = new SessionClient(node.baseUri());
                assertThat(client.get("session/create").status()).as("a new session while the database is down")
                        .isEqualTo(503);
                Thread.sleep(1500); // the pool's threads go on trying to connect in the background
                List<Thread> running = poolThreads();
                assertThat(running).as("the store's pool threads while the context runs").isNotEmpty();
                ClassLoader webapp = node.context().getLoader().getClassLoader();
                assertThat(running).as("pool threads whose context class loader is the web application's")
                        .noneMatch(t -> t.getContextClassLoader() == webapp);
            } finally {
                node.close();
            }

            // The stop waits connectionTimeout + 1 s for them; one still inside the driver's
            // connect (a silent network: socketTimeout 3 s here) ends by itself a little later,
            // holding no web application (checked above and by Tomcat's leak report below).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!poolThreads().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(poolThreads()).as("the store's pool threads within 10 s of the context's stop")
                    .extracting(Thread::getName).isEmpty();
            assertThat(log.lines()).as("Tomcat's log of the stop")
                    .noneMatch(line -> line.contains("failed to stop it") || line.contains("memory leak"));
        }
    }

    /** Live threads of any store's own pool (their names start with the pool's name). */
    private static List<Thread> poolThreads() {
        Set<Thread> threads = Thread.getAllStackTraces().keySet();
        return threads.stream().filter(Thread::isAlive).filter(t -> t.getName().startsWith("session-stores "))
                .toList();
    }
}
