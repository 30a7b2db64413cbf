package io.sessionstores.core.it;

import static io.sessionstores.core.it.Nodes.manager;
import static io.sessionstores.core.it.Nodes.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionRecord;

/**
 * What a node does with a newer stored version of a session it holds: it lays over only the
 * attributes whose stored bytes changed (an unchanged attribute keeps its live object, so a
 * request holding a reference never mutates an orphan), activates what it lays over, and refuses
 * to write over a newer version it cannot read. And what it does not do for a request that never
 * used the session.
 */
@Tag(InContainerTest.TAG)
class RefreshAndMergeIT {

    private final List<TomcatNode> nodes = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        Gates.reset();
        pool.shutdownNow();
        nodes.forEach(TomcatNode::close);
    }

    private TomcatNode node(String name, String store, String managerAttributes) {
        TomcatNode node = TomcatNode.start(name, SessionTestApp.war(
                SessionTestApp.inMemoryStoreContextXml(store,
                        "allowedClassNames=\"" + SessionTestApp.WEBAPP_CLASSES + "\" " + managerAttributes)));
        nodes.add(node);
        return node;
    }

    private Future<SessionClient.Response> send(SessionClient client, TomcatNode node, String path) {
        SessionClient sameBrowser = new SessionClient(node.baseUri());
        sameBrowser.sessionId(client.sessionId());
        return pool.submit(() -> sameBrowser.get(path));
    }

    /** {@code node}'s session events, read without the session cookie (a request with it would load and save). */
    private static List<String> events(TomcatNode node) {
        List<String> events = new ArrayList<>();
        new SessionClient(node.baseUri()).get("events").json().get("events").forEach(e -> events.add(e.asText()));
        return events;
    }

    private static void clearEvents(TomcatNode node) {
        new SessionClient(node.baseUri()).delete("events");
    }

    @Test
    void refreshKeepsTheLiveObjectOfAnUnchangedAttribute() throws Exception {
        TomcatNode a = node("orphan-a", "it-orphan", "");
        TomcatNode b = node("orphan-b", "it-orphan", "");
        SessionClient client = new SessionClient(a.baseUri());
        ok(client.get("session/create"));
        ok(client.get("session/append?name=cart&value=apple"));
        Future<SessionClient.Response> holding = send(client, a,
                "session/append-held?name=cart&value=pear&gate=cart");
        Gates.awaitArrival("cart");                     // a request on a holds the cart

        ok(client.get(b.baseUri(), "session/set?name=colour&value=red"));
        ok(client.get(a.baseUri(), "session/get"));     // a refreshes to b's version
        Gates.open("cart");
        ok(holding.get(30, TimeUnit.SECONDS));

        assertThat(ok(client.get(b.baseUri(), "session/get")).attribute("cart"))
                .as("cart after a request appended to the object it held across a refresh").isEqualTo("[apple, pear]");
    }

    @Test
    void refreshActivatesTheValuesItLaysOver() {
        // set_attribute: a read-only request encodes nothing, so no save passivates and activates
        TomcatNode a = node("activate-a", "it-activate", "saveMode=\"set_attribute\"");
        TomcatNode b = node("activate-b", "it-activate", "saveMode=\"set_attribute\"");
        SessionClient client = new SessionClient(a.baseUri());
        ok(client.get("session/create"));
        ok(client.get(b.baseUri(), "session/listener?name=watch"));
        clearEvents(a);

        ok(client.get(a.baseUri(), "session/get"));                          // a refreshes its copy

        assertThat(events(a)).as("events on a after refreshing to b's version").contains("didActivate watch");
    }

    @Test
    void mergeWithAnUnreadableNewerVersionRefusesTheWrite() throws Exception {
        TomcatNode a = node("unreadable-a", "it-unreadable", "");
        SessionClient client = new SessionClient(a.baseUri());
        String id = ok(client.get("session/create")).id();
        ok(client.get("session/set?name=keep&value=1"));
        Future<SessionClient.Response> slow = send(client, a, "session/set?name=x&value=1&hold=unreadable");
        Gates.awaitArrival("unreadable");

        Map<String, SessionRecord> records = InMemorySessionStore.records("it-unreadable", a.appName());
        SessionRecord old = records.get(id);
        byte[] otherKeyFrame = "written with another HMAC key".getBytes(StandardCharsets.UTF_8);
        SessionRecord newer = new SessionRecord(id, otherKeyFrame, old.version() + 1, old.expiresAt(), old.lastAccess(),
                old.maxInactive(), otherKeyFrame.length);
        records.put(id, newer);
        Gates.open("unreadable");

        assertThat(slow.get(30, TimeUnit.SECONDS).status()).as("a change over an unreadable newer version").isEqualTo(503);
        assertThat(records.get(id).frame()).as("the newer stored frame").isEqualTo(otherKeyFrame);
        assertThat(manager(a).statistics().getRefusedMerges()).as("refusedMerges").isEqualTo(1);
    }

    @Test
    void requestThatNeverUsesTheSessionIsNotWrittenInAlwaysMode() {
        TomcatNode a = node("untouched-always-a", "it-untouched-always", "saveMode=\"always\"");
        SessionClient client = new SessionClient(a.baseUri());
        ok(client.get("session/create"));
        InMemorySessionStore store = (InMemorySessionStore) manager(a).getStore();
        store.resetCalls();

        ok(client.get("info"));

        assertThat(store.calls("write")).as("writes of a request that never called getSession()").isZero();
    }

    @Test
    void requestThatNeverUsesTheSessionIsNotEncodedInDigestMode() {
        TomcatNode a = node("untouched-digest-a", "it-untouched-digest", "");
        SessionClient client = new SessionClient(a.baseUri());
        ok(client.get("session/create"));
        ok(client.get("session/listener?name=watch"));
        clearEvents(a);

        ok(client.get("info"));

        assertThat(events(a)).as("events of a request that never called getSession()")
                .doesNotContain("willPassivate watch");
    }
}
