package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sessionstores.core.SessionStoreManager;
import io.sessionstores.core.it.InContainerTest;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.testsupport.RedisServer;

/**
 * Whole requests through Tomcat on a private redis-server: Redis commands per HTTP request
 * (counted with MONITOR, so commands inside scripts are not counted as round trips), and Tomcat
 * starting while Redis is down. Nodes boot {@code tomcat-conf-samples/redis-hash}.
 */
@Tag(InContainerTest.TAG)
class RedisRequestsIT {

    static final int PORT = 7122;
    static final int DOWN_PORT = 7125;
    static final int NEW_SESSION_PORT = 7200;

    RedisServer server;
    TomcatNode a;
    TomcatNode b;

    @AfterEach
    void stopAll() throws Exception {
        for (TomcatNode node : new TomcatNode[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
        if (server != null) {
            server.stop();
        }
    }

    /**
     * With the change stream (the near cache, on by default): a request served by a copy the
     * stream vouches for makes no Redis call, a modifying one only its write; a copy made stale by
     * the other node's write takes the record the announcement carried, once the node has it
     * (before that, the browser's version cookie makes it read the record).
     */
    @Test
    void aReadOnlyRequestOnACurrentCopyCostsNoCommandAndAModifyingOneOnlyItsWrite() throws Exception {
        server = RedisServer.start(PORT);
        RedisSamples.useRedisPort(PORT);
        a = RedisSamples.start("redis-count-a", RedisSamples.HASH);
        b = RedisSamples.start("redis-count-b", RedisSamples.HASH);
        SessionClient browser = new SessionClient(a.baseUri());
        browser.get("session/create");
        browser.get(b.baseUri(), "session/set?name=x&value=1"); // warm-up: scripts loaded on b too
        RedisSamples.awaitFollowing(a);
        RedisSamples.awaitFollowing(b);
        long staleBefore = invalidations(a);
        ok(browser.get(b.baseUri(), "session/set?name=x&value=2")); // b's write once both follow
        awaitInvalidations(a, staleBefore + 1);
        try (CommandCounter counter = new CommandCounter(PORT)) {
            List<String> staleOnA = counter.commandsDuring(() -> ok(browser.get(a.baseUri(), "session/get")));
            List<String> readOnlyOnA = counter.commandsDuring(() -> ok(browser.get(a.baseUri(), "session/get")));
            List<String> readOnlyOnB = counter.commandsDuring(() -> ok(browser.get(b.baseUri(), "session/get")));
            long staleOnBBefore = invalidations(b);
            List<String> modifyingOnA = counter.commandsDuring(() -> ok(browser.get(a.baseUri(), "session/increment?name=n")));
            List<String> insideModifyingOnA = counter.scriptCommandsOfLastCall();
            List<String> modifyingOnA2 = counter.commandsDuring(() -> ok(browser.get(a.baseUri(), "session/increment?name=n")));
            awaitInvalidations(b, staleOnBBefore + 2);
            List<String> modifyingOnB = counter.commandsDuring(() -> ok(browser.get(b.baseUri(), "session/increment?name=n")));
            System.out.printf("[requests] Redis commands per request, hash mode, non-sticky, near cache: stale copy"
                    + " read-only %s, current copy read-only %s / %s, modifying %s, modifying again %s, modifying a"
                    + " copy the other node made stale %s%n", staleOnA, readOnlyOnA, readOnlyOnB, modifyingOnA,
                    modifyingOnA2, modifyingOnB);
            assertThat(staleOnA).as("commands of a read-only request on a copy b's write made stale (its record"
                    + " carried)").isEmpty();
            assertThat(readOnlyOnA).as("commands of a read-only request on a's current copy").isEmpty();
            assertThat(readOnlyOnB).as("commands of a read-only request on b's current copy").isEmpty();
            assertThat(modifyingOnA).as("commands of a modifying request on a current copy").hasSize(1);
            assertThat(modifyingOnA2).as("commands of a second modifying request on a").hasSize(1);
            assertThat(modifyingOnB).as("commands of a modifying request on a copy a's writes made stale (the"
                    + " record carried: the write only)").hasSize(1);
            assertThat(insideModifyingOnA).as("inside the write of a session both nodes hold: announced")
                    .contains("publish");

            SessionClient sticky = new SessionClient(a.baseUri());
            ok(sticky.get("session/create"));
            ok(sticky.get("session/increment?name=n"));
            List<String> stickyWrite = counter.commandsDuring(() -> ok(sticky.get("session/increment?name=n")));
            List<String> insideStickyWrite = counter.scriptCommandsOfLastCall();
            System.out.printf("[requests] a modifying request on the only node that holds the session: %s, inside"
                    + " the script %s; where both hold it: %s%n", stickyWrite, insideStickyWrite, insideModifyingOnA);
            assertThat(stickyWrite).as("commands of a modifying request on the node that alone holds it").hasSize(1);
            assertThat(insideStickyWrite).as("inside its write: no announcement (no other node holds a copy)")
                    .isNotEmpty().doesNotContain("publish", "incr");
        }
        assertThat(pushedLoads(a) + pushedLoads(b)).as("records taken from the stream").isEqualTo(2);
        assertThat(browser.get(a.baseUri(), "session/get").json().path("attributes").path("n").asText()).isEqualTo("3");
    }

    private static SessionStoreManager manager(TomcatNode node) {
        return (SessionStoreManager) node.context().getManager();
    }

    private static long invalidations(TomcatNode node) {
        return manager(node).statistics().getInvalidations();
    }

    private static long pushedLoads(TomcatNode node) {
        return manager(node).statistics().getPushedLoads();
    }

    /** Waits until {@code node}'s stream has made its copies stale {@code count} times in all (another node's writes). */
    private static void awaitInvalidations(TomcatNode node, long count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (invalidations(node) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(node.appName() + ": invalidations " + invalidations(node) + " after 10 s, expected "
                        + count);
            }
            Thread.sleep(5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {RedisSamples.HASH, RedisSamples.STRING})
    void aNewSessionCostsOneCommand(String sample) throws Exception {
        server = RedisServer.start(NEW_SESSION_PORT);
        RedisSamples.useRedisPort(NEW_SESSION_PORT);
        a = RedisSamples.start("redis-new-" + sample, sample);
        ok(new SessionClient(a.baseUri()).get("session/create")); // warm-up: scripts loaded
        try (CommandCounter counter = new CommandCounter(NEW_SESSION_PORT)) {
            List<String> created = counter.commandsDuring(() -> ok(new SessionClient(a.baseUri()).get("session/create")));
            List<String> createdAndSet = counter.commandsDuring(
                    () -> ok(new SessionClient(a.baseUri()).get("session/create?name=x&value=1")));
            System.out.printf("[requests] Redis commands of a request creating a session, %s: %s; creating and"
                    + " setting an attribute: %s%n", sample, created, createdAndSet);
            assertThat(created).as("commands of a request that creates a session").hasSize(1);
            assertThat(createdAndSet).as("commands of a request that creates a session and sets an attribute")
                    .hasSize(1);
        }
    }

    @Test
    void tomcatStartsWithRedisDownAndSessionsWorkOnceItIsUp() throws Exception {
        RedisServer.cli(DOWN_PORT, "shutdown", "nosave");
        RedisSamples.useRedisPort(DOWN_PORT);
        a = RedisSamples.start("redis-down-a", RedisSamples.HASH);
        SessionClient browser = new SessionClient(a.baseUri());
        assertThat(browser.get("info").status()).as("a request to a Tomcat whose Redis is down").isEqualTo(200);
        int statusWhileDown = browser.get("session/create").status();
        System.out.println("[requests] creating a session while Redis is down answers HTTP " + statusWhileDown);

        server = RedisServer.start(DOWN_PORT);
        browser.sessionId(null);
        long deadline = System.nanoTime() + 30_000_000_000L;
        SessionClient.Response created = browser.get("session/set?name=x&value=up");
        while (created.status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            browser.sessionId(null);
            created = browser.get("session/create");
        }
        assertThat(created.status()).as("session request once Redis is up").isEqualTo(200);
        ok(browser.get("session/set?name=x&value=up"));
        a.restart(); // the session must come from Redis, not from this node's memory
        assertThat(browser.get("session/get").json().path("attributes").path("x").asText())
                .as("attribute read back from Redis after a Tomcat restart").isEqualTo("up");
    }

    @Test
    void redisStoppedDuringRequestsAnswersInBoundedTimeAndRecoversWithoutA500Loop() throws Exception {
        server = RedisServer.start(PORT);
        RedisSamples.useRedisPort(PORT);
        a = RedisSamples.start("redis-stop-a", RedisSamples.HASH);
        SessionClient browser = new SessionClient(a.baseUri());
        ok(browser.get("session/create"));
        ok(browser.get("session/set?name=x&value=before"));

        server.stop();
        long started = System.nanoTime();
        int statusWhileDown = browser.get("session/increment?name=n").status();
        long millisWhileDown = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("[requests] a modifying request while Redis is down: HTTP %d after %d ms%n", statusWhileDown,
                millisWhileDown);
        assertThat(millisWhileDown).as("ms a request takes while Redis is down (timeout 2000 x 2 attempts, read"
                + " and write, plus retry delays; a loaded machine's margin)").isLessThan(30_000);

        server.start(); // no persistence: the session is gone; the user gets a new one, not errors
        List<Integer> statuses = new ArrayList<>();
        long deadline = System.nanoTime() + 30_000_000_000L;
        boolean usable = false;
        while (!usable && System.nanoTime() < deadline) {
            // while Redisson reconnects, a new session may not be saved yet: the next request
            // then finds none (404) and the browser starts again, as a user would be logged out
            statuses.add(browser.get("session/create").status());
            SessionClient.Response next = browser.get("session/increment?name=n");
            statuses.add(next.status());
            usable = next.status() == 200;
            if (!usable) {
                Thread.sleep(200);
            }
        }
        System.out.println("[requests] HTTP statuses after the Redis restart until sessions stick: " + statuses);
        assertThat(usable).as("sessions stick again after the restart; statuses " + statuses).isTrue();
        assertThat(statuses).as("no server error after the restart (503: a change refused while Redisson reconnects)")
                .allMatch(status -> status < 500 || status == 503);
        for (int i = 0; i < 4; i++) {
            ok(browser.get("session/increment?name=n"));
        }
        assertThat(browser.get("session/get").json().path("attributes").path("n").asText())
                .as("counter in the session created after the restart").isEqualTo("5");
    }

    private static void ok(SessionClient.Response response) {
        assertThat(response.status()).as("HTTP status of %s", response.uri()).isEqualTo(200);
    }
}
