package io.sessionstores.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.sessionstores.core.it.InContainerTest;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two Tomcats (two JVMs, as in production) on one PostgreSQL database, both deploying
 * jdbc-postgresql/context.xml as it is, serving one session without stickiness: every request may
 * land on either node and must see every earlier write.
 * The test webapp completes each response itself (Jackson closes the writer), so these also prove
 * that the Manager saves before a response the application completed reaches the client.
 */
@Tag(InContainerTest.TAG)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresTwoNodesIT {

    private final String table = Samples.table(getClass());
    private TwoNodes app;

    @BeforeAll
    void startNodes() throws SQLException {
        drop();
        Path dir = Samples.testDir("pg-two-nodes");
        Path sample = Samples.contextXml("jdbc-postgresql");
        Path war = SessionTestApp.exportTo(SessionTestApp.war(sample), dir);
        Map<String, String> settings = Map.of("sessionstores.pg.url", Samples.postgresUrl(), "sessionstores.table", table);
        app = TwoNodes.start(dir, "/app", settings, "--war=" + war);
    }

    @AfterAll
    void stopNodes() throws SQLException {
        try (TwoNodes nodes = app) {
            // both nodes stop here, saving what they hold, before the table goes
        }
        drop();
    }

    @Test
    void twoHundredSequentialIncrementsOnAlternatingNodesEndAtTwoHundred() {
        SessionClient client = new SessionClient(app.a());
        client.get("session/create");

        for (int i = 0; i < 200; i++) {
            SessionClient.Response r = client.get(app.node(i), "session/increment?name=n");
            assertThat(r.status()).as("increment %d on node %s: %s", i + 1, i % 2 == 0 ? "a" : "b", r).isEqualTo(200);
            assertThat(r.attribute("n")).as("counter after increment %d", i + 1).isEqualTo(String.valueOf(i + 1));
        }

        assertThat(client.get(app.b(), "session/get").attribute("n")).as("counter after 200 increments")
                .isEqualTo("200");
    }

    /**
     * 50 concurrent requests on one session spread over both nodes, each setting an attribute of
     * its own and incrementing one shared counter: no attribute is lost (attribute-level merge of
     * version conflicts). The shared counter is one attribute written by many requests from stale
     * reads, so it is last-writer-wins and loses increments; its final value is printed. The
     * README's pattern for such counters: one attribute per request, or a counter kept outside
     * the session (a database sequence, Redis INCR).
     */
    @Test
    void fiftyConcurrentRequestsEachSettingItsOwnAttributeLoseNone() throws Exception {
        int requests = 50;
        SessionClient creator = new SessionClient(app.a());
        String id = creator.get("session/create").id();
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int n = i;
                statuses.add(pool.submit(() -> {
                    SessionClient client = new SessionClient(app.node(n));
                    client.sessionId(id);
                    return client.get("session/set-and-increment?name=a" + n + "&value=" + n + "&counter=shared")
                            .status();
                }));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get(60, TimeUnit.SECONDS)).as("one concurrent request").isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        SessionClient.Response after = creator.get(app.b(), "session/get");
        for (int i = 0; i < requests; i++) {
            assertThat(after.attribute("a" + i)).as("attribute a%d after %d concurrent requests: %s", i, requests,
                    after).isEqualTo(String.valueOf(i));
        }
        int shared = Integer.parseInt(after.attribute("shared"));
        System.out.printf("[measured] %d concurrent requests on one session over two nodes: %d/%d own attributes"
                + " kept, shared counter (last writer wins) = %d%n", requests, requests, requests, shared);
        assertThat(shared).as("shared counter after %d increments", requests).isBetween(1, requests);
    }

    @Test
    void postThenRedirectThenGetOnTheOtherNodeSeesThePost() {
        SessionClient client = new SessionClient(app.a());
        client.get("session/create");

        SessionClient.Response posted = client.post(app.a(), "post-redirect", Map.of("name", "order", "value", "42"));
        assertThat(posted.status()).as("POST answer %s", posted).isEqualTo(303);
        String location = posted.header("Location").orElseThrow();
        assertThat(location).as("redirect target").isEqualTo("/app/session/get");
        SessionClient.Response onB = client.get(app.b(), "session/get");

        assertThat(onB.status()).as("GET after the redirect, on node b: %s", onB).isEqualTo(200);
        assertThat(onB.attribute("order")).as("attribute written by the POST on node a").isEqualTo("42");
    }

    private void drop() throws SQLException {
        try (Connection c = DriverManager.getConnection(Samples.postgresUrl()); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
        }
    }
}
