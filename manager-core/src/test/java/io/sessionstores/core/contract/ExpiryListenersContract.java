package io.sessionstores.core.contract;

import io.sessionstores.core.it.ContextXml;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.TomcatNode;

import static io.sessionstores.core.it.Nodes.manager;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionstores.core.SessionStoreManager;
import io.sessionstores.core.store.SessionStore;
import java.util.ArrayList;
import java.util.List;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * On a real store: a session two nodes hold times out, the store's own expiry
 * (a sweep, a TTL, a bulk DELETE) runs, then each node's background expiry: {@code sessionDestroyed}
 * and {@code valueUnbound} fire exactly once across the two nodes. Before the store kept expired
 * records for {@link SessionStore#EXPIRED_RECORD_GRACE_MILLIS}, the store removed the record first
 * and both nodes dropped their copies silently.
 *
 * <p>One subclass per store: it gives the {@code <Store .../>} element and runs the store's own
 * deletion. Uses real time (maxInactiveInterval 1 s), so Redis's own key expiry takes part.
 *
 * <p>Runs on H2, PostgreSQL, MariaDB, Redis hash and string mode (one server and a Cluster) and
 * cached-JDBC ({@code <Store>ExpiryListenersIT}). Does not apply to the in-memory test store (it
 * keeps expired records until a node deletes them: there is no store-side expiry to race).
 */
public abstract class ExpiryListenersContract {

    /** The {@code <Store className="..." .../>} element both nodes use. */
    protected abstract String storeElement();

    /** Runs the store's own deletion of expired records now, as its background work would. */
    protected abstract void runStoreExpiry(SessionStore store) throws Exception;

    /** Removes what the test left in the store (called before the nodes stop). */
    protected void cleanUp(SessionStore store) throws Exception {
        // nothing by default
    }

    /** Directory name prefix of this store's nodes. */
    protected abstract String nodeName();

    private String contextXml() {
        return ContextXml.sessionStoreManager().allowWebappClasses().store(storeElement()).xml();
    }

    @Test
    void timedOutSessionHeldByTwoNodesFiresItsListenersExactlyOnce() throws Exception {
        WebArchive war = SessionTestApp.war(contextXml());
        try (TomcatNode a = TomcatNode.start(nodeName() + "-a", war);
             TomcatNode b = TomcatNode.start(nodeName() + "-b", war)) {
            try {
                expireHeldByBoth(a, b);
            } finally {
                cleanUp(store(a));
            }
        }
    }

    private void expireHeldByBoth(TomcatNode a, TomcatNode b) throws Exception {
        SessionClient browser = new SessionClient(a.baseUri());
        String id = browser.get("session/create").id();
        assertThat(browser.get("session/listener?name=watch").status()).isEqualTo(200);
        assertThat(browser.get("session/max-inactive?seconds=1").status()).isEqualTo(200);
        assertThat(browser.get(b.baseUri(), "session/get").attribute("watch"))
                .as("b holds a copy too").isEqualTo("ListenerValue[watch]");
        clearEvents(a);
        clearEvents(b);

        Thread.sleep(3_500); // maxInactive 1 s + touch window 1 s, and a margin
        runStoreExpiry(store(a));
        manager(a).processExpires();
        manager(b).processExpires();

        List<String> events = new ArrayList<>(events(a));
        events.addAll(events(b));
        assertThat(events).as("events on both nodes after the timeout")
                .containsOnlyOnce("destroyed " + id, "valueUnbound watch");
        assertThat(events.stream().filter(e -> e.startsWith("destroyed ") || e.startsWith("valueUnbound ")))
                .as("listener calls across both nodes").hasSize(2);
    }

    private static SessionStore store(TomcatNode node) {
        return (SessionStore) manager(node).getStore();
    }

    private static void clearEvents(TomcatNode node) {
        new SessionClient(node.baseUri()).delete("events");
    }

    private static List<String> events(TomcatNode node) {
        List<String> events = new ArrayList<>();
        new SessionClient(node.baseUri()).get("events").json().get("events").forEach(e -> events.add(e.asText()));
        return events;
    }
}
