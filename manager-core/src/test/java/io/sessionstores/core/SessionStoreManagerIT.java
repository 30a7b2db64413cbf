package io.sessionstores.core;

import static io.sessionstores.core.it.Nodes.manager;
import static io.sessionstores.core.it.Nodes.ok;
import static io.sessionstores.core.it.Nodes.store;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.it.InContainerTest;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.TestRealm;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionRecord;

/**
 * The Manager's settings and failure paths on real Tomcats ({@link TomcatNode}s deploying the
 * test webapp) with the counting in-memory store: sticky mode, merges between nodes whose copies
 * are stale, touch coalescing and background expiry under a test clock, a store outage, corrupt
 * and forbidden stored data, codecs, signing, login and JMX. What two plain nodes do on one
 * session (alternating writes, listeners, ids, store calls per request) is in
 * {@link io.sessionstores.core.it.StoreManagerNodesIT}.
 *
 * <p>It lives in the Manager's package for the test clock ({@code SessionStoreManager.setClock}).
 */
@Tag(InContainerTest.TAG)
class SessionStoreManagerIT {

    private static final String ALLOW_WEBAPP = "allowedClassNames=\"" + SessionTestApp.WEBAPP_CLASSES + "\"";
    private static final AtomicInteger NODE_NUMBER = new AtomicInteger();

    private final List<TomcatNode> nodes = new ArrayList<>();
    private String storeName;

    @BeforeEach
    void freshStore() {
        storeName = "manager-it-" + NODE_NUMBER.incrementAndGet();
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(TomcatNode::close);
        InMemorySessionStore.clearAll();
    }

    /** Starts a node on this test's store whose Manager has {@code managerAttributes}. */
    private TomcatNode node(String managerAttributes) {
        TomcatNode node = TomcatNode.start("manager-node-" + NODE_NUMBER.incrementAndGet(),
                SessionTestApp.war(SessionTestApp.inMemoryStoreContextXml(storeName, managerAttributes)));
        nodes.add(node);
        return node;
    }

    private TomcatNode node() {
        return node(ALLOW_WEBAPP);
    }

    private static SessionRecord record(TomcatNode node, String id) {
        return store(node).records().get(id);
    }

    /** A browser with a new session holding {@code user=alice}, created on {@code node}. */
    private static SessionClient browser(TomcatNode node) {
        SessionClient client = new SessionClient(node.baseUri());
        ok(client.get("session/create"));
        ok(client.get("session/set?name=user&value=alice"));
        return client;
    }

    private static String attributes(SessionClient client, TomcatNode node) {
        return ok(client.get(node.baseUri(), "session/get")).json().get("attributes").toString();
    }

    @Test
    void stickyReadOnlyRequestCostsNoStoreCallAndModifyingRequestOne() {
        TomcatNode n = node(ALLOW_WEBAPP + " sticky=\"true\"");
        SessionClient client = browser(n);
        store(n).resetCalls();

        assertThat(ok(client.get("session/get")).attribute("user")).isEqualTo("alice");
        assertThat(store(n).totalCalls()).as("store calls for a sticky read-only request").isZero();
        ok(client.get("session/set?name=user&value=bob"));
        assertThat(store(n).totalCalls()).as("store calls for a sticky modifying request").isEqualTo(1);
    }

    /**
     * Regression for the read path's CPU: a read-only request on a session whose values are all
     * still the immutable objects that are stored encodes nothing (every request used to encode
     * every attribute to look for changes); a modifying request encodes the session once.
     */
    @Test
    void readOnlyRequestOnImmutableValuesEncodesNothing() {
        TomcatNode n = node();
        SessionClient client = browser(n);
        long before = manager(n).statistics().getSerializations();

        for (int i = 0; i < 3; i++) {
            assertThat(ok(client.get("session/get")).attribute("user")).isEqualTo("alice");
        }
        assertThat(manager(n).statistics().getSerializations()).as("sessions encoded by three read-only requests").isEqualTo(before);

        ok(client.get("session/set?name=user&value=bob"));
        assertThat(manager(n).statistics().getSerializations()).as("sessions encoded by one modifying request").isEqualTo(before + 1);
    }

    @Test
    void unknownIdCostsOneReadEvenThoughTomcatLooksItUpSeveralTimes() {
        TomcatNode n = node();
        SessionClient client = new SessionClient(n.baseUri());
        client.sessionId("0123456789ABCDEF0123456789ABCDEF");
        store(n).resetCalls();

        ok(client.get("session/create"));

        assertThat(store(n).calls("read")).as("reads for an unknown id").isEqualTo(1);
        assertThat(store(n).calls("write")).as("writes of the new session").isEqualTo(1);
    }

    @Test
    void concurrentRequestsSettingDifferentAttributesOnTwoNodesLoseNone() throws Exception {
        TomcatNode a = node();
        TomcatNode b = node();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            for (int round = 0; round < 5; round++) {
                String id = browser(a).sessionId();
                List<Future<SessionClient.Response>> results = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    TomcatNode n = i % 2 == 0 ? a : b;
                    String path = "session/set?name=attr" + i + "&value=v" + i;
                    results.add(pool.submit(() -> {
                        SessionClient tab = new SessionClient(n.baseUri());
                        tab.sessionId(id);
                        return tab.get(path);
                    }));
                }
                for (Future<SessionClient.Response> f : results) {
                    ok(f.get());
                }
                SessionClient reader = new SessionClient(b.baseUri());
                reader.sessionId(id);
                SessionClient.Response after = ok(reader.get("session/get"));
                for (int i = 0; i < 20; i++) {
                    assertThat(after.attribute("attr" + i)).as("round %d: attr%d after 20 concurrent writers", round, i)
                            .isEqualTo("v" + i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("[measured] 5 x 20 concurrent writers on two nodes: %d version conflicts merged%n",
                manager(a).statistics().getConflicts() + manager(b).statistics().getConflicts());
    }

    @Test
    void staleWriterMergesInsteadOfOverwriting() {
        // Sticky nodes trust their copy, so node b writes from a stale version: a sure conflict.
        TomcatNode a = node(ALLOW_WEBAPP + " sticky=\"true\"");
        TomcatNode b = node(ALLOW_WEBAPP + " sticky=\"true\"");
        SessionClient client = browser(a);
        assertThat(ok(client.get(b.baseUri(), "session/get")).attribute("user")).isEqualTo("alice");
        ok(client.get(a.baseUri(), "session/set?name=x&value=from-a"));
        ok(client.get(a.baseUri(), "session/set?name=user&value=bob"));

        client.cookie(SessionClient.COOKIE + "_VERSION", null); // a request without a's version: b trusts its copy
        ok(client.get(b.baseUri(), "session/set?name=y&value=from-b"));

        assertThat(manager(b).statistics().getConflicts()).as("conflicts on the stale node").isEqualTo(1);
        assertThat(attributes(client, b)).as("b's copy after the merge")
                .isEqualTo("{\"user\":\"bob\",\"x\":\"from-a\",\"y\":\"from-b\"}");
        TomcatNode reader = node();
        assertThat(attributes(client, reader)).isEqualTo("{\"user\":\"bob\",\"x\":\"from-a\",\"y\":\"from-b\"}");
        assertThat(record(reader, client.sessionId()).version()).isEqualTo(5);
    }

    @Test
    void removalOnOneNodeIsNotUndoneByAnotherNodesWrite() {
        TomcatNode a = node(ALLOW_WEBAPP + " sticky=\"true\"");
        TomcatNode b = node(ALLOW_WEBAPP + " sticky=\"true\"");
        SessionClient client = browser(a);
        ok(client.get(a.baseUri(), "session/set?name=tmp&value=1"));
        assertThat(ok(client.get(b.baseUri(), "session/get")).attribute("tmp")).isEqualTo("1");

        ok(client.get(a.baseUri(), "session/remove?name=tmp"));
        ok(client.get(b.baseUri(), "session/set?name=other&value=2")); // b's stale copy still holds tmp

        assertThat(attributes(client, node())).isEqualTo("{\"other\":\"2\",\"user\":\"alice\"}");
    }

    @Test
    void touchesAreCoalescedWithinTheWindowAndNeverShortenExpiry() {
        TomcatNode n = node(ALLOW_WEBAPP + " touchWindow=\"10\"");
        AtomicLong clock = new AtomicLong(System.currentTimeMillis());
        manager(n).setClock(clock::get);
        SessionClient client = browser(n);
        SessionRecord first = record(n, client.sessionId());
        store(n).resetCalls();

        clock.addAndGet(5_000);
        ok(client.get("session/get"));
        assertThat(store(n).calls("touch")).as("touches within the window").isZero();

        clock.addAndGet(6_000);
        ok(client.get("session/get"));
        assertThat(store(n).calls("touch")).as("touches after the window").isEqualTo(1);
        SessionRecord touched = record(n, client.sessionId());
        assertThat(touched.expiresAt()).isGreaterThan(first.expiresAt());
        assertThat(touched.version()).isEqualTo(first.version());
    }

    @Test
    void storeOutageRefusesAChangeItCannotStoreAndServesTheStoredStateWhenBack() {
        TomcatNode n = node();
        SessionClient client = browser(n);
        store(n).setDown(true);
        long start = System.nanoTime();

        SessionClient.Response refused = client.get("session/set?name=user&value=carol");

        assertThat((System.nanoTime() - start) / 1_000_000).as("ms for a request during the outage").isLessThan(5_000);
        assertThat(refused.status()).as("a change the store cannot take").isEqualTo(503);
        assertThat(manager(n).statistics().getStoreErrors()).isPositive();
        assertThat(manager(n).statistics().getUnsavedRefused()).isEqualTo(1);
        store(n).setDown(false);
        assertThat(ok(client.get("session/get")).attribute("user")).as("the stored state, on the same node")
                .isEqualTo("alice");
        assertThat(ok(client.get(node().baseUri(), "session/get")).attribute("user"))
                .as("the stored state, on another node").isEqualTo("alice");
    }

    @Test
    void corruptStoredFrameGivesAFreshSessionNotAnError() {
        TomcatNode n = node();
        SessionClient client = browser(n);
        String id = client.sessionId();
        SessionRecord good = record(n, id);
        byte[] bad = good.frame().clone();
        bad[bad.length - 1] ^= 0x55;
        store(n).records().put(id, new SessionRecord(id, bad, good.version(), good.expiresAt(), good.lastAccess(),
                good.maxInactive(), good.rawBytes()));
        TomcatNode other = node();

        SessionClient.Response read = client.get(other.baseUri(), "session/get");

        assertThat(read.status()).as("status of %s", read).isEqualTo(404);
        assertThat(manager(other).statistics().getCorruptFrames()).isEqualTo(1);
    }

    @Test
    void attributeOfAClassOutsideTheAllowlistIsDroppedAloneOnLoad() {
        TomcatNode writer = node(ALLOW_WEBAPP);
        TomcatNode reader = node("allowedClassNames=\"io\\.sessionstores\\.core\\.it\\.webapp\\.ListenerValue\"");
        SessionClient client = browser(writer);
        ok(client.get(writer.baseUri(), "session/widget?name=gadget&value=w1"));

        assertThat(attributes(client, reader)).isEqualTo("{\"user\":\"alice\"}");
        assertThat(manager(reader).statistics().getDroppedAttributes()).isEqualTo(1);
        assertThat(attributes(client, writer)).isEqualTo("{\"gadget\":\"Widget(w1)\",\"user\":\"alice\"}");

        // Where the class is not allowed, it cannot be written either: it stays on that node only.
        ok(client.get(reader.baseUri(), "session/widget?name=local&value=w2"));
        assertThat(manager(reader).statistics().getUnserializableAttributes()).isPositive();
        assertThat(attributes(client, writer)).doesNotContain("local");
    }

    @Test
    void asynchronousRequestIsSavedWhenItCompletes() {
        TomcatNode a = node();
        TomcatNode b = node();
        SessionClient client = browser(a);

        assertThat(ok(client.get(a.baseUri(), "session/async?name=late&value=done")).attribute("late")).isEqualTo("done");

        assertThat(ok(client.get(b.baseUri(), "session/get")).attribute("late")).isEqualTo("done");
    }

    @Test
    void jsonCodecSharesSessionsBetweenNodes() {
        TomcatNode a = node(ALLOW_WEBAPP + " codec=\"json\"");
        TomcatNode b = node(ALLOW_WEBAPP + " codec=\"json\"");
        SessionClient client = browser(a);
        for (int i = 1; i <= 10; i++) {
            assertThat(ok(client.get((i % 2 == 0 ? a : b).baseUri(), "session/increment?name=n")).attribute("n"))
                    .isEqualTo(String.valueOf(i));
        }
        ok(client.get(a.baseUri(), "session/append?name=cart&value=apple"));
        ok(client.get(a.baseUri(), "session/append?name=cart&value=pear"));
        assertThat(attributes(client, b)).isEqualTo("{\"cart\":\"[apple, pear]\",\"n\":\"10\",\"user\":\"alice\"}");

        // A Java-codec node reads JSON frames too, so that a codec switch logs nobody out.
        TomcatNode java = node();
        SessionClient.Response onJava = client.get(java.baseUri(), "session/get");
        assertThat(onJava.status()).as("the java node on a JSON frame: %s", onJava).isEqualTo(200);
        assertThat(onJava.attribute("user")).isEqualTo("alice");
        assertThat(manager(java).statistics().getCorruptFrames()).isZero();
    }

    @Test
    void signedSessionsAreReadOnlyWithTheSameKey() {
        TomcatNode signer = node(ALLOW_WEBAPP + " hmacKey=\"first-key-of-32-characters-long!\"");
        TomcatNode sameKey = node(ALLOW_WEBAPP + " hmacKey=\"first-key-of-32-characters-long!\"");
        TomcatNode otherKey = node(ALLOW_WEBAPP + " hmacKey=\"other-key-of-32-characters-long!\"");
        TomcatNode unsigned = node();
        SessionClient client = browser(signer);

        assertThat(ok(client.get(sameKey.baseUri(), "session/get")).attribute("user")).isEqualTo("alice");
        assertThat(client.get(otherKey.baseUri(), "session/get").status()).isEqualTo(404);
        assertThat(manager(otherKey).statistics().getCorruptFrames()).isEqualTo(1);
        assertThat(client.get(unsigned.baseUri(), "session/get").status()).isEqualTo(404);
    }

    @Test
    void countersAreVisibleOverJmxWithDescriptions() throws Exception {
        TomcatNode n = node();
        SessionClient client = browser(n);
        ok(client.get("session/get"));
        SessionStoreManager manager = manager(n);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName("*:type=Manager,*"), null);
        ObjectName name = names.stream()
                .filter(o -> isMBeanOf(server, o, manager))
                .findFirst().orElseThrow(() -> new AssertionError("no Manager MBean among " + names));

        assertThat((Long) server.getAttribute(name, "saves")).isEqualTo(manager.statistics().getSaves()).isPositive();
        assertThat((Long) server.getAttribute(name, "loads")).isEqualTo(manager.statistics().getLoads()).isPositive();
        assertThat((String) server.getAttribute(name, "saveMode")).isEqualTo("digest");
        assertThat(Arrays.stream(server.getMBeanInfo(name).getAttributes())
                .filter(a -> a.getName().equals("conflicts")).findFirst().orElseThrow().getDescription())
                .contains("merged");
        server.invoke(name, "resetStatistics", null, null);
        assertThat(manager.statistics().getSaves()).isZero();
    }

    private static boolean isMBeanOf(MBeanServer server, ObjectName name, SessionStoreManager manager) {
        try {
            return manager.getClass().getName().equals(server.getAttribute(name, "className"))
                    && ((Number) server.getAttribute(name, "saves")).longValue() == manager.statistics().getSaves()
                    && ((Number) server.getAttribute(name, "loads")).longValue() == manager.statistics().getLoads()
                    && manager.statistics().getSaves() > 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void backgroundExpiryAsksTheStoreFirstAndKeepsNeverExpiringSessions() {
        TomcatNode a = node();
        TomcatNode b = node();
        AtomicLong clock = new AtomicLong(System.currentTimeMillis());
        manager(a).setClock(clock::get);
        manager(b).setClock(clock::get);
        SessionClient expiring = browserWith(a, c -> ok(c.get("session/max-inactive?seconds=60")));
        SessionClient forever = browserWith(a, c -> ok(c.get("session/max-inactive?seconds=-1")));
        SessionClient usedElsewhere = browserWith(a, c -> ok(c.get("session/max-inactive?seconds=60")));
        expiring.delete("events");

        clock.addAndGet(50_000);
        ok(usedElsewhere.get(b.baseUri(), "session/set?name=x&value=1")); // b extends it; a does not know
        clock.addAndGet(50_000);
        manager(a).processExpires();

        assertThat(events(expiring, a)).as("session events on node a")
                .containsExactly("destroyed " + expiring.sessionId(), "attributeRemoved user");
        assertThat(store(a).records()).doesNotContainKey(expiring.sessionId())
                .containsKeys(forever.sessionId(), usedElsewhere.sessionId());
        assertThat(ok(usedElsewhere.get(b.baseUri(), "session/get")).attribute("x")).isEqualTo("1");

        clock.addAndGet(365L * 24 * 3600 * 1000);
        manager(a).processExpires();
        assertThat(ok(forever.get(a.baseUri(), "session/get")).attribute("user"))
                .as("never-expiring session a year later").isEqualTo("alice");
    }

    private static SessionClient browserWith(TomcatNode node, Consumer<SessionClient> then) {
        SessionClient client = browser(node);
        then.accept(client);
        return client;
    }

    private static List<String> events(SessionClient client, TomcatNode node) {
        List<String> events = new ArrayList<>();
        client.get(node.baseUri(), "events").json().get("events").forEach(e -> events.add(e.asText()));
        return events;
    }

    @Test
    void sessionLargerThanMaxDecodedSizeIsNotWrittenAndTheRequestIsRefused() {
        TomcatNode n = node(ALLOW_WEBAPP + " maxDecodedSize=\"2048\" compressMinLength=\"2147483647\"");
        SessionClient client = browser(n);
        long version = record(n, client.sessionId()).version();

        SessionClient.Response refused = client.get("session/set?name=big&value=" + "x".repeat(5000));

        assertThat(refused.status()).as("a change too large to store").isEqualTo(503);
        assertThat(manager(n).statistics().getFailedSaves()).isEqualTo(1);
        assertThat(record(n, client.sessionId()).version()).as("stored version").isEqualTo(version);
    }

    @Test
    void aLoginOnOneNodeHoldsOnEveryNode() {
        TomcatNode a = node();
        TomcatNode b = node();
        SessionClient client = browser(a);
        String before = client.sessionId();
        assertThat(ok(client.get(b.baseUri(), "session/whoami")).json().has("user")).as("user before login").isFalse();

        SessionClient.Response login = ok(client.get(a.baseUri(),
                "session/login?name=" + TestRealm.USER + "&password=" + TestRealm.PASSWORD));

        assertThat(login.id()).as("session id changed at login (fixation protection)").isNotEqualTo(before);
        SessionClient.Response onB = ok(client.get(b.baseUri(), "session/whoami"));
        assertThat(onB.json().path("user").asText()).as("user on the other node").isEqualTo(TestRealm.USER);
        assertThat(onB.json().path("admin").asBoolean()).as("role on the other node").isTrue();
        client.sessionId(before);
        assertThat(client.get(b.baseUri(), "session/whoami").status()).as("the id from before the login").isEqualTo(404);
    }

    @Test
    void withoutPersistAuthenticationALoginStaysOnItsNode() {
        TomcatNode notKept = node(ALLOW_WEBAPP + " persistAuthentication=\"false\"");
        SessionClient client = browser(notKept);
        ok(client.get("session/login?name=" + TestRealm.USER + "&password=" + TestRealm.PASSWORD));

        assertThat(ok(client.get(node().baseUri(), "session/whoami")).json().has("user"))
                .as("user on another node with persistAuthentication=false").isFalse();
    }
}
