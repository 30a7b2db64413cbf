package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.config.Config;

import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.TomcatNode;

/**
 * Two Tomcat instances on one Redis, each booted from a shipped sample: a browser that is sent
 * to either node, alternately (no sticky sessions), sees one session.
 */
abstract class TwoTomcatsSampleContract {

    static final String VERSION_COOKIE = SessionClient.COOKIE + "_VERSION";

    TomcatNode a;
    TomcatNode b;
    Config redis;

    /** The sample directory under tomcat-conf-samples. */
    abstract String sample();

    /** Points the sample's system properties at the Redis under test; returns a config to reach it. */
    abstract Config redis() throws Exception;

    @BeforeEach
    void startNodes() throws Exception {
        redis = redis();
        // what an aborted earlier run left (sessions, layout) would otherwise decide this one
        RedisSamples.deleteSessions("/" + TomcatNode.ENGINE + "/" + TomcatNode.HOST + "/" + SessionTestApp.NAME, redis);
        a = RedisSamples.start("redis-a", sample());
        b = RedisSamples.start("redis-b", sample());
    }

    @AfterEach
    void stopNodes() {
        for (TomcatNode node : new TomcatNode[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
        if (a != null) {
            RedisSamples.deleteSessions(a.appName(), redis);
        }
    }

    @Test
    void nonStickyAlternationCountsEveryIncrement() {
        SessionClient browser = new SessionClient(a.baseUri());
        assertThat(browser.get("session/create").status()).isEqualTo(200);
        for (int i = 0; i < 200; i++) {
            TomcatNode node = i % 2 == 0 ? a : b;
            SessionClient.Response r = browser.get(node.baseUri(), "session/increment?name=n");
            assertThat(r.status()).as("increment #%d on %s", i, node.appName()).isEqualTo(200);
        }
        SessionClient.Response last = browser.get(b.baseUri(), "session/get");
        assertThat(last.json().path("attributes").path("n").asText()).as("counter after 200 alternating increments")
                .isEqualTo("200");
    }

    @Test
    void concurrentRequestsSettingTheirOwnAttributeLoseNone() throws Exception {
        for (int round = 0; round < 3; round++) {
            concurrentRound();
        }
    }

    /** One session, 20 requests at once (alternating nodes), each setting an attribute of its own. */
    private void concurrentRound() throws Exception {
        SessionClient browser = new SessionClient(a.baseUri());
        String id = browser.get("session/create").json().path("id").asText();
        int requests = 20;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        List<SessionClient> tabs = new ArrayList<>();
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int n = i;
                SessionClient tab = new SessionClient(a.baseUri());
                tab.sessionId(id);
                tabs.add(tab);
                statuses.add(pool.submit(() -> {
                    TomcatNode node = n % 2 == 0 ? a : b;
                    return tab.get(node.baseUri(), "session/set?name=attr" + n + "&value=" + n).status();
                }));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get(60, TimeUnit.SECONDS)).as("status of a concurrent request").isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        // The reader has seen every tab's answer: it carries the newest session version they were
        // told (the version cookie), so no node serves it a copy older than any of their writes.
        browser.cookie(VERSION_COOKIE, newestVersion(tabs));
        SessionClient.Response all = browser.get(b.baseUri(), "session/get");
        for (int i = 0; i < requests; i++) {
            assertThat(all.json().path("attributes").path("attr" + i).asText()).as("attribute attr%d", i)
                    .isEqualTo(String.valueOf(i));
        }
    }

    /** The version cookie naming the greatest version any of {@code clients} was told. */
    static String newestVersion(List<SessionClient> clients) {
        return clients.stream().map(c -> c.cookie(VERSION_COOKIE)).filter(v -> v != null && !v.startsWith("ended"))
                .max(java.util.Comparator.comparingLong(v -> Long.parseLong(v.substring(0, v.indexOf('-')))))
                .orElse(null);
    }
}
