package io.sessionstores.core.it;

import static io.sessionstores.core.it.Nodes.ok;
import static io.sessionstores.core.it.Nodes.store;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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

import io.sessionstores.core.SessionStoreManager;
import io.sessionstores.core.store.InMemorySessionStore;

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

    /**
     * Hostile ids from the network, sent as the browser would (cookie) and as raw bytes (cookie
     * header and {@code ;jsessionid=} path parameter, where an HTTP client library would refuse
     * them): overlong, non-ASCII, control characters, SQL and Lua/Redis metacharacters, path-like,
     * bad {@code jvmRoute} suffixes. None reaches the store, none is an error; the browser gets a
     * fresh session with an id of the generator's form.
     */
    @Test
    void malformedOrOverlongIdsNeverReachTheStore() throws IOException {
        String valid = "0123456789ABCDEF0123456789ABCDEF";
        List<String> hostile = List.of(
                "../../etc",
                "..%2F..%2Fetc%2Fpasswd",
                "/etc/passwd",
                "C:\\Windows\\win.ini",
                "0123456789ABCDEF".repeat(640),                  // 10 KB of hex
                valid + "0",                                     // one digit too many
                "x' OR '1'='1",
                "'; DELETE FROM sessions; --",
                "\"]) redis.call('FLUSHALL') --",
                "*",
                "[0-9A-F]*",
                "{" + valid + "}",
                "ss:0000:" + valid,
                valid.toLowerCase(),                             // lower case: not what Tomcat generates
                valid + ".node1",                                // a route this Engine does not have
                valid + ".",
                valid + "..",
                "." + valid,
                valid.substring(1));                             // one digit short
        List<String> rawOnly = List.of(
                valid.substring(2) + "\u00c9F",                  // non-ASCII
                valid.substring(2) + "\uff21\uff22",              // full-width letters
                valid.substring(2) + "\u0001F",                  // control characters
                valid.substring(2) + "\u0000F",
                valid.substring(2) + "\tF",                      // a tab inside the id (a trailing one is OWS)
                valid + "%0D%0AFLUSHALL",                        // an encoded line break
                valid + "\u2028");
        List<String> everything = new ArrayList<>(hostile);
        everything.addAll(rawOnly);
        InMemorySessionStore store = store(a);
        for (String bad : hostile) {
            store.resetCalls();
            client.sessionId(bad);

            SessionClient.Response read = client.get(a.baseUri(), "session/get");

            assertThat(read.status()).as("read with id %s: %s", abbreviate(bad), read).isEqualTo(404);
            assertThat(store.totalCalls()).as("store calls for id %s", abbreviate(bad)).isZero();
            String fresh = ok(client.get(a.baseUri(), "session/create")).id();
            assertThat(fresh).as("session created after id %s", abbreviate(bad)).matches("[0-9A-F]{32}");
        }
        assertThat(((SessionStoreManager) a.context().getManager()).statistics().getMalformedIds()).as("malformedIds counter")
                .isGreaterThanOrEqualTo(hostile.size());
        for (String bad : everything) {
            byte[] id = bad.getBytes(StandardCharsets.UTF_8);
            store.resetCalls();
            int byCookie = rawStatus(a, "session/get", "Cookie: JSESSIONID=", id);
            int byPath = rawStatus(a, "session/get;jsessionid=", "", id);
            assertThat(List.of(byCookie, byPath)).as("statuses for raw id %s (cookie, path)", abbreviate(bad))
                    .allMatch(status -> status == 404 || status == 400);
            assertThat(store.totalCalls()).as("store calls for raw id %s", abbreviate(bad)).isZero();
        }
    }

    /**
     * Sends one GET with {@code id} as raw bytes, after {@code pathPrefix} (a path parameter) when
     * {@code header} is empty, else in that header; returns the HTTP status (0: connection closed).
     */
    private static int rawStatus(TomcatNode node, String pathPrefix, String header, byte[] id) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        String path = node.baseUri().getPath() + pathPrefix;
        request.writeBytes(("GET " + path).getBytes(StandardCharsets.US_ASCII));
        if (header.isEmpty()) {
            request.writeBytes(id);
        }
        request.writeBytes(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n".getBytes(StandardCharsets.US_ASCII));
        if (!header.isEmpty()) {
            request.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(id);
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.toByteArray());
            BufferedReader response = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            String statusLine = response.readLine();
            return statusLine == null ? 0 : Integer.parseInt(statusLine.split(" ")[1]);
        }
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
