package io.sessionstores.core.it;

import static io.sessionstores.core.it.Nodes.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionstores.core.store.InMemorySessionStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the user did on one node sticks on every node, whatever a slow request on another node
 * does meanwhile. Two {@link TomcatNode}s on one in-memory store; a request held at a
 * {@link Gates gate} on one node while the other node logs out, invalidates or changes the id, so
 * each race is played in a fixed order. {@code touchWindow="0"}: every read-only request touches.
 */
@Tag(InContainerTest.TAG)
class StoreManagerRacesIT {

    private static final String STORE = "it-races";
    private static final WebArchive WAR = SessionTestApp.war(
            SessionTestApp.inMemoryStoreContextXml(STORE, "touchWindow=\"0\""));
    /** What {@code whoami} answers for nobody logged in. */
    private static final String NOBODY = "nobody";

    private static TomcatNode a;
    private static TomcatNode b;
    private static ExecutorService pool;

    private SessionClient client;

    @BeforeAll
    static void startNodes() {
        a = TomcatNode.start("races-node-a", WAR);
        b = TomcatNode.start("races-node-b", WAR);
        pool = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stopNodes() {
        Gates.reset();
        if (pool != null) {
            pool.shutdownNow();
        }
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @BeforeEach
    void newBrowser() {
        client = new SessionClient(a.baseUri());
    }

    @AfterEach
    void openGates() {
        Gates.reset();
    }

    /** Sends {@code path} to {@code node} with this browser's cookie and waits until it is held at {@code gate}. */
    private Future<SessionClient.Response> held(TomcatNode node, String path, String gate) {
        SessionClient sameBrowser = new SessionClient(node.baseUri());
        sameBrowser.sessionId(client.sessionId());
        String separator = path.contains("?") ? "&" : "?";
        Future<SessionClient.Response> response = pool.submit(() -> sameBrowser.get(path + separator + "hold=" + gate));
        Gates.awaitArrival(gate);
        return response;
    }

    private static SessionClient.Response release(String gate, Future<SessionClient.Response> held) throws Exception {
        Gates.open(gate);
        return held.get(30, TimeUnit.SECONDS);
    }

    private String user(TomcatNode node) {
        return ok(client.get(node.baseUri(), "session/whoami")).json().path("user").asText(NOBODY);
    }

    private String logIn() {
        ok(client.get(a.baseUri(), "session/create"));
        SessionClient.Response login = ok(client.get(a.baseUri(),
                "session/login?name=" + TestRealm.USER + "&password=" + TestRealm.PASSWORD));
        assertThat(login.json().path("user").asText(NOBODY)).as("after login").isEqualTo(TestRealm.USER);
        return client.sessionId();
    }

    @Test
    void touchMissDoesNotResurrectInvalidatedSession() throws Exception {
        String id = logIn();
        Future<SessionClient.Response> slowRead = held(a, "session/get", "invalidate");

        ok(client.get(b.baseUri(), "session/invalidate"));
        release("invalidate", slowRead);

        assertThat(InMemorySessionStore.records(STORE, a.appName())).as("store after the slow read on a's touch")
                .doesNotContainKey(id);
        assertThat(client.get(b.baseUri(), "session/whoami").status()).as("b after the logout").isEqualTo(404);
        assertThat(client.get(a.baseUri(), "session/whoami").status()).as("a after the logout").isEqualTo(404);
    }

    @Test
    void touchMissDoesNotResurrectSessionWhoseIdChangedOnAnotherNode() throws Exception {
        String oldId = logIn();
        Future<SessionClient.Response> slowRead = held(a, "session/get", "change-id");

        String newId = ok(client.get(b.baseUri(), "session/change-id")).id();
        release("change-id", slowRead);

        assertThat(InMemorySessionStore.records(STORE, a.appName())).as("store after the slow read's touch")
                .doesNotContainKey(oldId).containsKey(newId);
        client.sessionId(oldId);
        assertThat(client.get(a.baseUri(), "session/whoami").status()).as("the old id on a").isEqualTo(404);
        assertThat(client.get(b.baseUri(), "session/whoami").status()).as("the old id on b").isEqualTo(404);
    }

    @Test
    void conflictMergeDoesNotUndoALogoutOnAnotherNode() throws Exception {
        logIn();
        Future<SessionClient.Response> slowWrite = held(a, "session/set?name=colour&value=red", "logout");

        assertThat(ok(client.get(b.baseUri(), "session/logout")).json().path("user").asText(NOBODY)).isEqualTo(NOBODY);
        ok(release("logout", slowWrite));

        assertThat(user(b)).as("user on b after a's merged write").isEqualTo(NOBODY);
        assertThat(user(a)).as("user on a after its merged write").isEqualTo(NOBODY);
        assertThat(ok(client.get(b.baseUri(), "session/get")).attribute("colour")).as("a's change").isEqualTo("red");
    }

    @Test
    void refreshDoesNotUndoALocalLogoutNotYetWritten() throws Exception {
        logIn();
        Future<SessionClient.Response> slowLogout = held(a, "session/logout", "local-logout");

        ok(client.get(b.baseUri(), "session/set?name=colour&value=red"));
        ok(client.get(a.baseUri(), "session/get")); // refreshes a's copy to b's version
        ok(release("local-logout", slowLogout));

        assertThat(user(b)).as("user on b after a's logout").isEqualTo(NOBODY);
        assertThat(user(a)).as("user on a after its logout").isEqualTo(NOBODY);
        assertThat(ok(client.get(a.baseUri(), "session/get")).attribute("colour")).as("b's change").isEqualTo("red");
    }

    @Test
    void refreshDoesNotUndoALocalMaxInactiveChangeNotYetWritten() throws Exception {
        ok(client.get(a.baseUri(), "session/create"));
        Future<SessionClient.Response> slowChange = held(a, "session/max-inactive?seconds=77", "max-inactive");

        ok(client.get(b.baseUri(), "session/set?name=colour&value=red"));
        ok(client.get(a.baseUri(), "session/get"));
        ok(release("max-inactive", slowChange));

        assertThat(ok(client.get(b.baseUri(), "session/get")).json().path("maxInactiveInterval").asInt())
                .as("maxInactiveInterval on b").isEqualTo(77);
    }

    @Test
    void conflictMergeKeepsAMaxInactiveChangeOfAnotherNode() throws Exception {
        ok(client.get(a.baseUri(), "session/create"));
        Future<SessionClient.Response> slowWrite = held(a, "session/set?name=colour&value=red", "other-max-inactive");

        ok(client.get(b.baseUri(), "session/max-inactive?seconds=77"));
        ok(release("other-max-inactive", slowWrite));

        SessionClient.Response onB = ok(client.get(b.baseUri(), "session/get"));
        assertThat(onB.json().path("maxInactiveInterval").asInt()).as("b's maxInactiveInterval").isEqualTo(77);
        assertThat(onB.attribute("colour")).as("a's change").isEqualTo("red");
    }
}
