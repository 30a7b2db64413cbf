package io.sessionstores.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionRecord;

/**
 * The Manager on a real embedded Tomcat with the counting in-memory store: store calls per
 * request, change detection, versioned merges between two nodes, ids, failures.
 */
@org.junit.jupiter.api.Tag("tomcat")
class SessionStoreManagerIT {

    private final List<EmbeddedNode> nodes = new ArrayList<>();

    @BeforeEach
    void clean() {
        InMemorySessionStore.clearAll();
    }

    @AfterEach
    void stop() throws Exception {
        for (EmbeddedNode n : nodes) {
            n.close();
        }
    }

    private EmbeddedNode node(String store, boolean sticky) throws Exception {
        EmbeddedNode n = new EmbeddedNode(store, m -> m.setSticky(sticky));
        nodes.add(n);
        return n;
    }

    private static String create(EmbeddedNode n) throws Exception {
        HttpResponse<String> r = n.get(null, "op=set&name=user&value=alice");
        assertThat(r.statusCode()).isEqualTo(200);
        String id = EmbeddedNode.cookie(r);
        assertThat(id).as("session cookie").isNotNull();
        return id;
    }

    @Test
    void nonStickyReadOnlyRequestCostsOneStoreCallAndModifyingRequestTwo() throws Exception {
        EmbeddedNode n = node("calls", false);
        String id = create(n);
        n.get(id, "op=get&name=user"); // first read after create settles the local copy
        n.store.resetCalls();

        assertThat(n.get(id, "op=get&name=user").body()).isEqualTo("alice");
        long readOnlyCalls = n.store.totalCalls();
        assertThat(readOnlyCalls).as("store calls for a read-only request").isEqualTo(1);
        assertThat(n.store.calls("read")).isEqualTo(1);

        n.store.resetCalls();
        assertThat(n.get(id, "op=set&name=user&value=bob").body()).isEqualTo("ok");
        long modifyingCalls = n.store.totalCalls();
        assertThat(modifyingCalls).as("store calls for a modifying request").isEqualTo(2);
        assertThat(n.store.calls("write")).isEqualTo(1);
        System.out.printf("[measured] non-sticky: read-only request %d store call(s), modifying request %d%n",
                readOnlyCalls, modifyingCalls);
    }

    @Test
    void stickyReadOnlyRequestCostsNoStoreCallAndModifyingRequestOne() throws Exception {
        EmbeddedNode n = node("sticky", true);
        String id = create(n);
        n.store.resetCalls();
        assertThat(n.get(id, "op=get&name=user").body()).isEqualTo("alice");
        assertThat(n.store.totalCalls()).as("store calls for a sticky read-only request").isZero();
        assertThat(n.get(id, "op=set&name=user&value=bob").body()).isEqualTo("ok");
        assertThat(n.store.totalCalls()).as("store calls for a sticky modifying request").isEqualTo(1);
    }

    @Test
    void unchangedSessionIsNotRewrittenButInPlaceMutationIs() throws Exception {
        EmbeddedNode n = node("digest", false);
        String id = create(n);
        n.get(id, "op=append&name=cart&value=apple");
        long version = n.store.records().get(id).version();

        n.get(id, "op=get&name=cart");
        n.get(id, "op=attrs");
        assertThat(n.store.records().get(id).version()).as("version after read-only requests").isEqualTo(version);

        n.get(id, "op=append&name=cart&value=pear"); // list.add() without setAttribute
        assertThat(n.store.records().get(id).version()).as("version after in-place mutation").isEqualTo(version + 1);

        EmbeddedNode other = node("digest", false);
        assertThat(other.get(id, "op=get&name=cart").body()).isEqualTo("[apple, pear]");
    }

    @Test
    void twoNodesAlternatingOnOneSessionCountExactly() throws Exception {
        EmbeddedNode a = node("pair", false);
        EmbeddedNode b = node("pair", false);
        String id = create(a);
        for (int i = 1; i <= 200; i++) {
            EmbeddedNode n = i % 2 == 0 ? a : b;
            assertThat(n.get(id, "op=incr&name=counter").body()).as("increment %d", i).isEqualTo(String.valueOf(i));
        }
        assertThat(a.get(id, "op=get&name=counter").body()).isEqualTo("200");
    }

    @Test
    void concurrentRequestsSettingDifferentAttributesLoseNone() throws Exception {
        EmbeddedNode a = node("concurrent", false);
        EmbeddedNode b = node("concurrent", false);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            for (int round = 0; round < 5; round++) {
                String id = create(a);
                List<Future<HttpResponse<String>>> results = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    EmbeddedNode n = i % 2 == 0 ? a : b;
                    String q = "op=set&name=attr" + i + "&value=v" + i;
                    results.add(pool.submit(() -> n.get(id, q)));
                }
                for (Future<HttpResponse<String>> f : results) {
                    assertThat(f.get().statusCode()).isEqualTo(200);
                }
                String attrs = b.get(id, "op=attrs").body();
                for (int i = 0; i < 20; i++) {
                    assertThat(attrs).as("round %d: attributes after 20 concurrent writers", round)
                            .contains("attr" + i + "=v" + i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("[measured] 5 x 20 concurrent writers on two nodes: %d version conflicts merged%n",
                a.manager.getConflicts() + b.manager.getConflicts());
    }

    @Test
    void staleWriterMergesInsteadOfOverwriting() throws Exception {
        // Sticky nodes trust their copy, so node b writes from a stale version: a sure conflict.
        EmbeddedNode a = node("stale", true);
        EmbeddedNode b = node("stale", true);
        String id = create(a);
        assertThat(b.get(id, "op=get&name=user").body()).isEqualTo("alice");
        a.get(id, "op=set&name=x&value=from-a");
        a.get(id, "op=set&name=user&value=bob");
        b.get(id, "op=set&name=y&value=from-b");
        assertThat(b.manager.getConflicts()).as("conflicts on the stale node").isEqualTo(1);
        assertThat(b.get(id, "op=attrs").body()).as("b's copy after the merge")
                .isEqualTo("{user=bob, x=from-a, y=from-b}");
        EmbeddedNode reader = node("stale", false);
        assertThat(reader.get(id, "op=attrs").body()).isEqualTo("{user=bob, x=from-a, y=from-b}");
        assertThat(reader.store.records().get(id).version()).isEqualTo(4);
    }

    @Test
    void removalOnOneNodeIsNotUndoneByAnotherNodesWrite() throws Exception {
        EmbeddedNode a = node("removal", true);
        EmbeddedNode b = node("removal", true);
        String id = create(a);
        a.get(id, "op=set&name=tmp&value=1");
        assertThat(b.get(id, "op=get&name=tmp").body()).isEqualTo("1");
        a.get(id, "op=set&name=tmp"); // value=null: removeAttribute
        b.get(id, "op=set&name=other&value=2"); // stale copy still holds tmp
        EmbeddedNode reader = node("removal", false);
        assertThat(reader.get(id, "op=attrs").body()).isEqualTo("{other=2, user=alice}");
    }

    @Test
    void malformedIdsNeverReachTheStoreAndGetAFreshSession() throws Exception {
        EmbeddedNode n = node("malformed", false);
        for (String bad : new String[] {"../../etc/passwd", "%27%3B%20DROP%20TABLE%20x%3B--", "A".repeat(4000),
                "0123456789abcdef0123456789abcdef"}) {
            n.store.resetCalls();
            HttpResponse<String> r = n.get(bad, "op=get&name=user");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("no-session");
            assertThat(n.store.totalCalls()).as("store calls for id %s", bad.substring(0, Math.min(20, bad.length())))
                    .isZero();
        }
        assertThat(n.manager.getMalformedIds()).isPositive();
        HttpResponse<String> r = n.get("../../etc/passwd", "op=set&name=x&value=y");
        assertThat(EmbeddedNode.cookie(r)).isNotEqualTo("../../etc/passwd").matches("[0-9A-F]{32}");
    }

    @Test
    void unknownIdCostsOneReadEvenThoughTomcatLooksItUpSeveralTimes() throws Exception {
        EmbeddedNode n = node("unknown", false);
        n.store.resetCalls();
        HttpResponse<String> r = n.get("0123456789ABCDEF0123456789ABCDEF", "op=set&name=x&value=y");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(n.store.calls("read")).as("reads for an unknown id").isEqualTo(1);
        assertThat(n.store.calls("write")).as("write of the new session").isEqualTo(1);
    }

    @Test
    void invalidateDeletesAndChangeIdMovesTheStoredSession() throws Exception {
        EmbeddedNode n = node("lifecycle", false);
        String id = create(n);
        String newId = n.get(id, "op=changeId").body();
        assertThat(newId).isNotEqualTo(id);
        assertThat(n.store.records()).doesNotContainKey(id).containsKey(newId);
        assertThat(n.get(newId, "op=get&name=user").body()).isEqualTo("alice");
        assertThat(n.get(id, "op=get&name=user").body()).isEqualTo("no-session");

        n.get(newId, "op=invalidate");
        assertThat(n.store.records()).doesNotContainKey(newId);
        assertThat(n.events).containsExactly("created", "destroyed");
        assertThat(node("lifecycle", false).get(newId, "op=get&name=user").body()).isEqualTo("no-session");
    }

    @Test
    void touchesAreCoalescedWithinTheWindowAndNeverShortenExpiry() throws Exception {
        AtomicLong clock = new AtomicLong(System.currentTimeMillis());
        EmbeddedNode n = new EmbeddedNode("touch", m -> {
            m.setClock(clock::get);
            m.setTouchWindow(10);
        });
        nodes.add(n);
        String id = create(n);
        SessionRecord first = n.store.records().get(id);
        n.store.resetCalls();

        clock.addAndGet(5_000);
        n.get(id, "op=get&name=user");
        assertThat(n.store.calls("touch")).as("touches within the window").isZero();

        clock.addAndGet(6_000);
        n.get(id, "op=get&name=user");
        assertThat(n.store.calls("touch")).as("touches after the window").isEqualTo(1);
        SessionRecord touched = n.store.records().get(id);
        assertThat(touched.expiresAt()).isGreaterThan(first.expiresAt());
        assertThat(touched.version()).isEqualTo(first.version());

        // Tomcat's authenticator looks the session up on every request that carries the cookie,
        // so even op=none counts as an access, exactly as with StandardManager.
        clock.addAndGet(20_000);
        n.store.resetCalls();
        n.get(id, "op=none");
        assertThat(n.store.calls("touch") + n.store.calls("write")).as("store writes after the window").isEqualTo(1);
    }

    @Test
    void storeOutageKeepsServingTheLocalCopyAndWritesWhenBack() throws Exception {
        EmbeddedNode n = node("outage", false);
        String id = create(n);
        n.store.setDown(true);
        long start = System.nanoTime();
        HttpResponse<String> r = n.get(id, "op=set&name=user&value=carol");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(n.get(id, "op=get&name=user").body()).isEqualTo("carol");
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms for two requests during the outage").isLessThan(5_000);
        assertThat(n.manager.getStoreErrors()).isPositive();

        n.store.setDown(false);
        n.get(id, "op=get&name=user");
        EmbeddedNode other = node("outage", false);
        assertThat(other.get(id, "op=get&name=user").body()).as("write after the store came back").isEqualTo("carol");
    }

    @Test
    void corruptStoredFrameGivesAFreshSessionNotAnError() throws Exception {
        EmbeddedNode n = node("corrupt", false);
        String id = create(n);
        SessionRecord good = n.store.records().get(id);
        byte[] bad = good.frame().clone();
        bad[bad.length - 1] ^= 0x55;
        n.store.records().put(id, new SessionRecord(id, bad, good.version(), good.expiresAt(), good.lastAccess(),
                good.maxInactive(), good.rawBytes()));
        EmbeddedNode other = node("corrupt", false);
        HttpResponse<String> r = other.get(id, "op=get&name=user");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("no-session");
        assertThat(other.manager.getCorruptFrames()).isEqualTo(1);
    }

    @Test
    void attributeOfAClassOutsideTheAllowlistIsDroppedAloneOnLoad() throws Exception {
        EmbeddedNode writer = new EmbeddedNode("allowlist", m -> m.setAllowedClassNames("io\\.sessionstores\\..*"));
        nodes.add(writer);
        String id = create(writer);
        writer.get(id, "op=widget&name=gadget&value=w1");
        EmbeddedNode reader = node("allowlist", false);
        assertThat(reader.get(id, "op=attrs").body()).isEqualTo("{user=alice}");
        assertThat(reader.manager.getDroppedAttributes()).isEqualTo(1);
        assertThat(writer.get(id, "op=attrs").body()).isEqualTo("{gadget=Widget(w1), user=alice}");

        // Where the class is not allowed, it cannot be written either: it stays on that node only.
        reader.get(id, "op=widget&name=local&value=w2");
        assertThat(reader.manager.getUnserializableAttributes()).isPositive();
        assertThat(writer.get(id, "op=attrs").body()).doesNotContain("local");
    }

    @Test
    void asynchronousRequestIsSavedWhenItCompletes() throws Exception {
        EmbeddedNode a = node("async", false);
        EmbeddedNode b = node("async", false);
        String id = create(a);
        assertThat(a.get(id, "op=async&name=late&value=done").body()).isEqualTo("async-ok");
        assertThat(b.get(id, "op=get&name=late").body()).isEqualTo("done");
    }

    @Test
    void jsonCodecSharesSessionsBetweenNodes() throws Exception {
        EmbeddedNode a = new EmbeddedNode("json", m -> m.setCodec("json"));
        EmbeddedNode b = new EmbeddedNode("json", m -> m.setCodec("json"));
        nodes.add(a);
        nodes.add(b);
        String id = create(a);
        for (int i = 1; i <= 10; i++) {
            assertThat((i % 2 == 0 ? a : b).get(id, "op=incr&name=n").body()).isEqualTo(String.valueOf(i));
        }
        a.get(id, "op=append&name=cart&value=apple");
        a.get(id, "op=append&name=cart&value=pear");
        assertThat(b.get(id, "op=attrs").body()).isEqualTo("{cart=[apple, pear], n=10, user=alice}");
        // A Java-codec node does not misread JSON frames: it treats them as missing.
        EmbeddedNode java = node("json", false);
        assertThat(java.get(id, "op=get&name=user").body()).isEqualTo("no-session");
        assertThat(java.manager.getCorruptFrames()).isEqualTo(1);
    }

    @Test
    void signedSessionsAreReadOnlyWithTheSameKey() throws Exception {
        EmbeddedNode a = new EmbeddedNode("hmac", m -> m.setHmacKey("first-key-of-32-characters-long!"));
        EmbeddedNode same = new EmbeddedNode("hmac", m -> m.setHmacKey("first-key-of-32-characters-long!"));
        EmbeddedNode other = new EmbeddedNode("hmac", m -> m.setHmacKey("other-key-of-32-characters-long!"));
        EmbeddedNode unsigned = node("hmac", false);
        nodes.add(a);
        nodes.add(same);
        nodes.add(other);
        String id = create(a);
        assertThat(same.get(id, "op=get&name=user").body()).isEqualTo("alice");
        assertThat(other.get(id, "op=get&name=user").body()).isEqualTo("no-session");
        assertThat(other.manager.getCorruptFrames()).isEqualTo(1);
        assertThat(unsigned.get(id, "op=get&name=user").body()).isEqualTo("no-session");
    }

    @Test
    void countersAreVisibleOverJmxWithDescriptions() throws Exception {
        EmbeddedNode n = node("jmx", false);
        String id = create(n);
        n.get(id, "op=get&name=user");
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        java.util.Set<javax.management.ObjectName> names = server.queryNames(
                new javax.management.ObjectName("*:type=Manager,*"), null);
        javax.management.ObjectName name = names.stream()
                .filter(o -> {
                    try {
                        return n.manager.getClass().getName().equals(server.getAttribute(o, "className"))
                                && ((Number) server.getAttribute(o, "saves")).longValue() == n.manager.getSaves()
                                && ((Number) server.getAttribute(o, "loads")).longValue() == n.manager.getLoads();
                    } catch (Exception e) {
                        return false;
                    }
                }).findFirst().orElseThrow(() -> new AssertionError("no Manager MBean among " + names));
        assertThat((Long) server.getAttribute(name, "saves")).isEqualTo(1);
        assertThat((Long) server.getAttribute(name, "loads")).isEqualTo(1);
        assertThat((String) server.getAttribute(name, "saveMode")).isEqualTo("digest");
        javax.management.MBeanInfo info = server.getMBeanInfo(name);
        assertThat(java.util.Arrays.stream(info.getAttributes())
                .filter(a -> a.getName().equals("conflicts")).findFirst().orElseThrow().getDescription())
                .contains("merged");
        server.invoke(name, "resetStatistics", null, null);
        assertThat(n.manager.getSaves()).isZero();
    }

    @Test
    void backgroundExpiryAsksTheStoreFirstAndKeepsNeverExpiringSessions() throws Exception {
        AtomicLong clock = new AtomicLong(System.currentTimeMillis());
        EmbeddedNode a = new EmbeddedNode("expiry", m -> m.setClock(clock::get));
        EmbeddedNode b = new EmbeddedNode("expiry", m -> m.setClock(clock::get));
        nodes.add(a);
        nodes.add(b);
        String expiring = create(a);
        a.get(expiring, "op=maxInactive&value=60");
        String forever = create(a);
        a.get(forever, "op=maxInactive&value=-1");
        String usedElsewhere = create(a);
        a.get(usedElsewhere, "op=maxInactive&value=60");
        a.events.clear();

        clock.addAndGet(50_000);
        b.get(usedElsewhere, "op=set&name=x&value=1"); // node b extends it; node a does not know
        clock.addAndGet(50_000);
        a.manager.processExpires();

        assertThat(a.events).as("listeners on node a").containsExactly("destroyed");
        assertThat(a.store.records()).doesNotContainKey(expiring).containsKeys(forever, usedElsewhere);
        assertThat(b.get(usedElsewhere, "op=get&name=x").body()).isEqualTo("1");

        clock.addAndGet(365L * 24 * 3600 * 1000);
        a.manager.processExpires();
        assertThat(a.get(forever, "op=get&name=user").body()).as("never-expiring session a year later").isEqualTo("alice");
    }

    @Test
    void sessionLargerThanMaxDecodedSizeIsNotWrittenAndTheRequestStillSucceeds() throws Exception {
        EmbeddedNode n = new EmbeddedNode("oversize", m -> {
            m.setMaxDecodedSize(2048);
            m.setCompressMinLength(Integer.MAX_VALUE);
        });
        nodes.add(n);
        String id = create(n);
        long version = n.store.records().get(id).version();
        HttpResponse<String> r = n.get(id, "op=set&name=big&value=" + "x".repeat(5000));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(n.manager.getFailedSaves()).isEqualTo(1);
        assertThat(n.store.records().get(id).version()).as("stored version").isEqualTo(version);
    }

    @Test
    void aLoginOnOneNodeHoldsOnEveryNode() throws Exception {
        EmbeddedNode a = node("login", false);
        EmbeddedNode b = node("login", false);
        String id = create(a);
        assertThat(b.get(id, "op=whoami").body()).isEqualTo("null admin=false");
        HttpResponse<String> login = a.get(id, "op=login&name=alice&value=secret");
        assertThat(login.body()).isEqualTo("ok");
        String loggedIn = EmbeddedNode.cookie(login);
        assertThat(loggedIn).as("session id changed at login (fixation protection)").isNotNull().isNotEqualTo(id);
        assertThat(b.get(loggedIn, "op=whoami").body()).as("on the other node").isEqualTo("alice admin=true");
        assertThat(b.get(id, "op=whoami").body()).as("with the id from before the login").isEqualTo("null admin=false");

        EmbeddedNode notKept = new EmbeddedNode("login", m -> m.setPersistAuthentication(false));
        nodes.add(notKept);
        String other = create(notKept);
        String otherLoggedIn = EmbeddedNode.cookie(notKept.get(other, "op=login&name=alice&value=secret"));
        assertThat(node("login", false).get(otherLoggedIn, "op=whoami").body()).as("persistAuthentication=false")
                .isEqualTo("null admin=false");
    }
}
