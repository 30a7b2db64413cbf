package io.sessionstores.core.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionstores.core.SessionStoreManager;
import io.sessionstores.core.store.InMemorySessionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two Tomcats ({@link TomcatNode}s) on one in-memory store, one session used alternately, as
 * behind a non-sticky load balancer: each node sees the other's writes, listeners fire on the
 * node that handles the session, ids that are not well formed never reach the store, a session
 * survives restart and redeploy, and the store calls per request are counted.
 */
@Tag(InContainerTest.TAG)
class StoreManagerNodesIT {

    private static final String STORE = "it-nodes";
    private static final WebArchive WAR = SessionTestApp.war(SessionTestApp.inMemoryStoreContextXml(STORE));

    private static TomcatNode a;
    private static TomcatNode b;

    private SessionClient client;

    @BeforeAll
    static void startNodes() {
        a = TomcatNode.start("store-node-a", WAR);
        b = TomcatNode.start("store-node-b", WAR);
    }

    @AfterAll
    static void stopNodes() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @BeforeEach
    void newBrowserAndEmptyEventLogs() {
        client = new SessionClient(a.baseUri());
        client.delete("events");
        new SessionClient(b.baseUri()).delete("events");
    }

    /** The in-memory store of {@code node}'s running Manager. */
    static InMemorySessionStore store(TomcatNode node) {
        return (InMemorySessionStore) ((SessionStoreManager) node.context().getManager()).getStore();
    }

    private static SessionClient.Response ok(SessionClient.Response response) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(200);
        return response;
    }

    private List<String> events(TomcatNode node) {
        List<String> events = new ArrayList<>();
        client.get(node.baseUri(), "events").json().get("events").forEach(e -> events.add(e.asText()));
        return events;
    }

    @Test
    void twoNodesAlternatingOnOneSessionSeeEachOthersWrites() {
        String id = ok(client.get(a.baseUri(), "session/create")).id();
        ok(client.get(a.baseUri(), "session/set?name=colour&value=red"));

        assertThat(ok(client.get(b.baseUri(), "session/get")).attribute("colour")).as("b reads a's write").isEqualTo("red");
        ok(client.get(b.baseUri(), "session/increment?name=hits"));
        assertThat(ok(client.get(a.baseUri(), "session/get")).attribute("hits")).as("a reads b's write").isEqualTo("1");

        ok(client.get(a.baseUri(), "session/append?name=cart&value=apple"));
        ok(client.get(b.baseUri(), "session/append?name=cart&value=pear"));
        ok(client.get(a.baseUri(), "session/append?name=cart&value=plum"));
        assertThat(ok(client.get(b.baseUri(), "session/get")).attribute("cart"))
                .as("in-place list mutations made alternately on a and b")
                .isEqualTo("[apple, pear, plum]");

        ok(client.get(b.baseUri(), "session/remove?name=colour"));
        SessionClient.Response onA = ok(client.get(a.baseUri(), "session/get"));
        assertThat(onA.id()).isEqualTo(id);
        assertThat(onA.attribute("colour")).as("a after b removed colour").isNull();
    }

    @Test
    void writeIsStoredBeforeAResponseTheApplicationCompletesItself() {
        ok(client.get(a.baseUri(), "session/create"));
        ok(client.get(a.baseUri(), "session/set?name=colour&value=red&finish=close&linger=1000"));
        assertThat(ok(client.get(b.baseUri(), "session/get")).attribute("colour")).as("after close()").isEqualTo("red");
        ok(client.get(a.baseUri(), "session/set?name=colour&value=blue&finish=length&linger=1000"));
        assertThat(ok(client.get(b.baseUri(), "session/get")).attribute("colour")).as("after Content-Length")
                .isEqualTo("blue");
    }

    @Test
    void postOnOneNodeRedirectToTheOther() {
        SessionClient.Response posted = client.post(a.baseUri(), "post-redirect", Map.of("name", "order", "value", "42"));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(303);

        assertThat(ok(client.get(b.baseUri(), "session/get")).attribute("order")).isEqualTo("42");
    }

    @Test
    void activationListenersFireOnSaveAndOnLoadByTheOtherNode() {
        ok(client.get(a.baseUri(), "session/create"));
        ok(client.get(a.baseUri(), "session/listener?name=watch"));

        SessionClient.Response onB = ok(client.get(b.baseUri(), "session/get"));

        assertThat(onB.attribute("watch")).as("attribute loaded on b").isEqualTo("ListenerValue[watch]");
        assertThat(events(a)).as("events on a").contains("valueBound watch", "willPassivate watch");
        assertThat(events(b)).as("events on b").contains("didActivate watch");
    }

    @Test
    void invalidateOnOneNodeEndsTheSessionOnBoth() {
        String id = ok(client.get(a.baseUri(), "session/create")).id();
        ok(client.get(b.baseUri(), "session/listener?name=watch"));

        ok(client.get(b.baseUri(), "session/invalidate"));

        assertThat(InMemorySessionStore.records(STORE, a.appName())).doesNotContainKey(id);
        assertThat(client.get(a.baseUri(), "session/get").status()).as("a after b invalidated").isEqualTo(404);
        assertThat(events(b)).contains("valueUnbound watch", "destroyed " + id);
    }

    @Test
    void changeIdOnOneNodeIsSeenByTheOther() {
        String oldId = ok(client.get(a.baseUri(), "session/create")).id();
        ok(client.get(a.baseUri(), "session/set?name=user&value=alice"));

        String newId = ok(client.get(b.baseUri(), "session/change-id")).id();

        assertThat(ok(client.get(a.baseUri(), "session/get")).attribute("user")).isEqualTo("alice");
        assertThat(events(b)).contains("idChanged " + oldId + " " + newId);
        client.sessionId(oldId);
        assertThat(client.get(a.baseUri(), "session/get").status()).as("old id on a after change-id on b").isEqualTo(404);
    }

    @Test
    void malformedOrOverlongIdsNeverReachTheStore() {
        List<String> hostile = List.of(
                "../../etc",
                "0123456789ABCDEF".repeat(640),                  // 10 KB of hex
                "x' OR '1'='1",
                "'; DELETE FROM sessions; --",
                "0123456789abcdef0123456789abcdef",              // lower case: not what Tomcat generates
                "0123456789ABCDEF0123456789ABCDEF.node1",        // a route this Engine does not have
                "0123456789ABCDEF0123456789ABCDE");              // one digit short
        for (String bad : hostile) {
            InMemorySessionStore store = store(a);
            store.resetCalls();
            client.sessionId(bad);

            SessionClient.Response read = client.get(a.baseUri(), "session/get");

            assertThat(read.status()).as("read with id %s: %s", abbreviate(bad), read).isEqualTo(404);
            assertThat(store.totalCalls()).as("store calls for id %s", abbreviate(bad)).isZero();
            String fresh = ok(client.get(a.baseUri(), "session/create")).id();
            assertThat(fresh).as("session created after id %s", abbreviate(bad)).matches("[0-9A-F]{32}");
        }
        assertThat(((SessionStoreManager) a.context().getManager()).getMalformedIds()).as("malformedIds counter")
                .isGreaterThanOrEqualTo(hostile.size());
    }

    @Test
    void storeCallsPerRequest() {
        ok(client.get(a.baseUri(), "session/create"));
        ok(client.get(a.baseUri(), "session/set?name=colour&value=red"));

        Map<String, Long> noSession = callsOf(a, () -> new SessionClient(a.baseUri()).get("info"));
        Map<String, Long> readOnly = callsOf(a, () -> ok(client.get(a.baseUri(), "session/get")));
        Map<String, Long> modifying = callsOf(a, () -> ok(client.get(a.baseUri(), "session/set?name=colour&value=blue")));
        Map<String, Long> readOnlyOtherNode = callsOf(b, () -> ok(client.get(b.baseUri(), "session/get")));
        Map<String, Long> modifyingOtherNode = callsOf(b, () -> ok(client.get(b.baseUri(), "session/increment?name=hits")));

        System.out.printf("STORE CALLS PER REQUEST: no session %s, read-only %s, modifying %s,"
                        + " read-only after the other node wrote %s, modifying on that node %s%n",
                noSession, readOnly, modifying, readOnlyOtherNode, modifyingOtherNode);
        assertThat(noSession).as("store calls of a request without a session").isEmpty();
        assertThat(readOnly).as("store calls of a read-only request").containsExactly(Map.entry("read", 1L));
        assertThat(modifying).as("store calls of a modifying request")
                .containsExactly(Map.entry("read", 1L), Map.entry("write", 1L));
        assertThat(readOnlyOtherNode).as("store calls of a read-only request on the other node")
                .containsExactly(Map.entry("read", 1L));
        assertThat(modifyingOtherNode).as("store calls of a modifying request on the other node")
                .containsExactly(Map.entry("read", 1L), Map.entry("write", 1L));
    }

    /** Store calls by method made by {@code node} while {@code request} ran (only non-zero ones). */
    private static Map<String, Long> callsOf(TomcatNode node, Runnable request) {
        InMemorySessionStore store = store(node);
        store.resetCalls();
        request.run();
        Map<String, Long> calls = new TreeMap<>();
        for (String method : List.of("read", "write", "touch", "changeId", "delete", "deleteIfVersion", "count")) {
            long n = store.calls(method);
            if (n > 0) {
                calls.put(method, n);
            }
        }
        return calls;
    }

    @Test
    void sessionSurvivesRestartAndRedeploy() {
        String id = ok(client.get(a.baseUri(), "session/create")).id();
        ok(client.get(a.baseUri(), "session/set?name=colour&value=red"));

        a.restart();
        assertThat(ok(client.get(a.baseUri(), "session/get")).attribute("colour")).as("after restart of a").isEqualTo("red");

        b.redeploy();
        ok(client.get(b.baseUri(), "session/increment?name=hits"));
        a.restart();
        b.restart();

        SessionClient.Response after = ok(client.get(a.baseUri(), "session/get"));
        assertThat(after.id()).isEqualTo(id);
        assertThat(after.attribute("colour")).isEqualTo("red");
        assertThat(after.attribute("hits")).as("b's write after its redeploy").isEqualTo("1");
    }

    private static String abbreviate(String id) {
        return id.length() <= 40 ? id : id.substring(0, 40) + "...(" + id.length() + " chars)";
    }
}
