package io.sessionstores.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.catalina.Session;
import org.apache.juli.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.support.RateLimitedLog;

/**
 * What Tomcat's manager webapp and the JMX operations see of the stored sessions
 * ({@link StoredSessions}), on the in-memory store: a bounded listing, views that are never this
 * node's copies and decode nothing until asked, and an operator's attribute change stored at once.
 * Invalidation through a view, which needs a running Manager, is tested on real Tomcats
 * ({@code DistributionIT}).
 */
class StoredSessionsTest {

    private final AtomicLong clock = new AtomicLong(EngineFixture.T0);
    private final EngineFixture a = new EngineFixture("stored", clock, m -> { });

    @AfterEach
    void clearStore() {
        InMemorySessionStore.clearAll();
    }

    private StoredSessions stored(EngineFixture node, int maxListed) {
        return new StoredSessions(node.manager, node.sessions, node.calls, node.recordLoader, node.saver(), maxListed,
                new RateLimitedLog(LogFactory.getLog(getClass()), 10_000, clock::get), "stored test");
    }

    private static String id(int n) {
        return String.format("5A7E%028X", n);
    }

    /** Stores a session with {@code attributes} (name, value, ...) as a request on node A would. */
    private VersionedSession storeSession(String id, String... attributes) {
        VersionedSession s = a.newSession(id);
        for (int i = 0; i < attributes.length; i += 2) {
            s.setAttribute(attributes[i], attributes[i + 1]);
        }
        assertThat(a.saver().save(s, SessionUse.USED)).isEqualTo(SessionSaver.Outcome.WRITTEN);
        return s;
    }

    @Test
    void aListingStopsAtMaxListedAcrossScanBatches() {
        int many = StoredSessions.SCAN_BATCH + 200;
        for (int n = 0; n < many; n++) {
            storeSession(id(n), "n", Integer.toString(n));
        }
        EngineFixture b = new EngineFixture("stored", clock, m -> { });

        assertThat(stored(b, StoredSessions.SCAN_BATCH + 100).list()).as("listed with maxListed = batch + 100")
                .hasSize(StoredSessions.SCAN_BATCH + 100);
        assertThat(stored(b, 100_000).list()).as("listed with a bound above the count").hasSize(many);
        assertThat(stored(b, 0).list()).as("maxListed 0: this node's copies only (B holds none)").isEmpty();
        assertThat(b.store.calls("scan")).as("scan calls of the three listings").isEqualTo(2 + 2 + 0);
    }

    @Test
    void aListedSessionOfAnotherNodeIsAViewThatDecodesNothingUntilAsked() {
        storeSession(id(1), "user", "alice");
        clock.addAndGet(5_000);
        EngineFixture b = new EngineFixture("stored", clock, m -> { });

        Session[] listed = stored(b, 1000).list();

        assertThat(listed).hasSize(1);
        Session view = listed[0];
        assertThat(view.getIdInternal()).isEqualTo(id(1));
        assertThat(view.getThisAccessedTimeInternal()).as("last use as the store knows it (the manager webapp's idle"
                + " and TTL columns)").isEqualTo(EngineFixture.T0);
        assertThat(b.stats.deserializations.sum()).as("frames decoded by listing and idle time").isZero();
        assertThat(view.getSession().getAttribute("user")).as("the stored attribute").isEqualTo("alice");
        assertThat(view.getCreationTime()).as("creation time from the frame").isEqualTo(EngineFixture.T0);
        assertThat(b.stats.deserializations.sum()).as("frames decoded once asked").isEqualTo(1);
        assertThat(b.sessions).as("B's copies after showing the session").isEmpty();
        assertThat(b.manager.findSessions()).as("the unstarted Manager's own map").isEmpty();
    }

    @Test
    void aNodeHoldingTheStoredVersionListsItsOwnCopy() {
        VersionedSession copy = storeSession(id(2), "user", "bob");
        a.sessions.put(id(2), copy);

        assertThat(stored(a, 1000).list()).containsExactly(copy);

        storeSessionOnOtherNode(id(2), "colour", "red"); // version 2: A's copy is older
        Session listed = stored(a, 1000).list()[0];
        assertThat(listed).as("a copy older than the store is not what is shown").isNotSameAs(copy);
        assertThat(listed.getSession().getAttribute("colour")).isEqualTo("red");
    }

    private void storeSessionOnOtherNode(String id, String name, String value) {
        EngineFixture c = new EngineFixture("stored", clock, m -> { });
        VersionedSession onC = new VersionedSession(c.manager);
        assertThat(c.recordLoader.materialize(c.store.records().get(id), onC)).isTrue();
        onC.setLoadedId(id);
        onC.setAttribute(name, value);
        assertThat(c.saver().save(onC, SessionUse.USED)).isEqualTo(SessionSaver.Outcome.WRITTEN);
    }

    @Test
    void removeAttributeThroughAViewIsStoredAtOnceOverANewerVersionAndDropsTheStaleCopy() {
        VersionedSession copyOnA = storeSession(id(3), "user", "carol", "cart", "apple");
        a.sessions.put(id(3), copyOnA);
        EngineFixture b = new EngineFixture("stored", clock, m -> { });
        Session view = stored(b, 1000).list()[0];
        storeSessionOnOtherNode(id(3), "colour", "blue"); // written after B listed the session

        view.getSession().removeAttribute("cart");

        VersionedSession reader = new VersionedSession(a.manager);
        assertThat(a.recordLoader.materialize(a.store.records().get(id(3)), reader)).isTrue();
        assertThat(reader.getAttribute("cart")).as("the removed attribute, in the store").isNull();
        assertThat(reader.getAttribute("colour")).as("the other node's change, kept by the merge").isEqualTo("blue");
        assertThat(reader.getAttribute("user")).as("an untouched attribute").isEqualTo("carol");
        assertThat(b.stats.conflicts.sum()).as("conflicts B's write met").isEqualTo(1);
        assertThat(b.sessions).as("B's copies: the view was never one").isEmpty();

        stored(a, 1000).list()[0].getSession().removeAttribute("user"); // through a view on A: A's copy is stale
        assertThat(a.sessions).as("A's copy, stale after the change made through A's view").isEmpty();
    }

    @Test
    void removeAttributeOfASessionInvalidatedMeanwhileSaysSoAndBringsNothingBack() throws Exception {
        storeSession(id(4), "user", "dave");
        EngineFixture b = new EngineFixture("stored", clock, m -> { });
        Session view = stored(b, 1000).list()[0];
        a.store.delete(id(4));

        assertThatThrownBy(() -> view.getSession().removeAttribute("user"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no longer in the store");
        assertThat(a.store.records()).as("records after the refused change").doesNotContainKey(id(4));
    }

    @Test
    void findByIdReadsOneRecordAndAnswersNullForNone() throws Exception {
        storeSession(id(5), "user", "erin");
        EngineFixture b = new EngineFixture("stored", clock, m -> { });
        StoredSessions onB = stored(b, 0); // the bound applies to listings, not to a lookup by id

        assertThat(onB.find(id(5)).getSession().getAttribute("user")).isEqualTo("erin");
        assertThat(onB.find(id(6))).as("an id with nothing stored").isNull();
        assertThat(Arrays.asList(onB.listIds().split(" "))).as("maxListed 0 names B's copies only").containsExactly("");
    }
}
