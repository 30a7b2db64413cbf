package io.sessionstores.core.contract;

import io.sessionstores.core.migrate.InsertGatedStore;
import io.sessionstores.core.migrate.MigratingSessionStore;
import io.sessionstores.core.migrate.SessionCopy;

import static io.sessionstores.core.frame.Frames.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.it.Gates;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;

/**
 * A migration never brings back a session that a logout, a login (changeSessionId) or its node's
 * expiry removed while a copy or a move of it was in flight: each race is played in a fixed order
 * on two nodes (two {@link MigratingSessionStore}s with store instances of their own over the same
 * backends), the copy or move held by a gate between its read of the old store and its insert
 * into the new one. A subclass names the two stores (real ones in the backends' modules).
 *
 * <p>Runs in memory ({@code InMemoryMigrationRaceTest}) and on real stores as old and new store
 * ({@code <Old>To<New>MigrationRaceIT}): PostgreSQL and Redis hash mode both ways, PostgreSQL to
 * Redis string mode, to MariaDB and to cached-JDBC, H2 to H2 (two databases), PostgreSQL and a
 * Redis Cluster in hash mode both ways, PostgreSQL to a Cluster in string mode.
 */
public abstract class MigrationRaceContract {

    private static final AtomicInteger APPS = new AtomicInteger();
    private static final long MINUTE = 60_000L;

    /** The clock of both nodes: real time at the test's start, moved by the test. */
    protected final AtomicLong clock = new AtomicLong();
    private final List<SessionStore> started = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private String gate;
    private SessionStore sourceOfA;
    private InsertGatedStore targetOfA;
    private SessionStore sourceOfB;
    private SessionStore targetOfB;
    private MigratingSessionStore nodeA;
    private MigratingSessionStore nodeB;
    private String app;

    /** A new, configured, not yet started old store; every one of a test shares one backend and application. */
    protected abstract SessionStore newSource() throws Exception;

    /** A new, configured, not yet started new store, as {@link #newSource}. */
    protected abstract SessionStore newTarget() throws Exception;

    /** Frees what the stores of a test left in their backends (they are stopped after this). */
    protected void cleanUp(List<SessionStore> sources, List<SessionStore> targets) throws Exception {
    }

    @BeforeEach
    void startTwoNodes() throws Exception {
        clock.set(System.currentTimeMillis());
        app = "/Catalina/localhost/race-" + getClass().getSimpleName() + "-" + System.nanoTime() + "-"
                + APPS.incrementAndGet();
        gate = "migration-race-" + app;
        StoreContext context = new StoreContext(app, "race " + app, getClass().getClassLoader(), clock::get);
        sourceOfA = newSource();
        targetOfA = new InsertGatedStore(newTarget());
        nodeA = new MigratingSessionStore(targetOfA, sourceOfA);
        nodeA.start(context);
        started.add(nodeA);
        sourceOfB = newSource();
        targetOfB = newTarget();
        nodeB = new MigratingSessionStore(targetOfB, sourceOfB);
        nodeB.start(context);
        started.add(nodeB);
    }

    @AfterEach
    void stopNodes() throws Exception {
        Gates.reset();
        pool.shutdownNow();
        try {
            cleanUp(List.of(sourceOfA, sourceOfB), List.of(targetOfA, targetOfB));
        } finally {
            started.forEach(SessionStore::stop);
        }
    }

    // ---------------------------------------------------------------- the user index

    @Test
    void theUserIndexListsEachSessionOnceInEitherStoreAndNoneALogoutOrAnIdChangeEnded() throws Exception {
        if (!nodeA.indexesUsers()) {
            assertThatThrownBy(() -> nodeA.sessionsOfUser("alice", 10)).as("a migration without a user index")
                    .isInstanceOf(StoreException.class);
            return;
        }
        long now = clock.get();
        for (String id : List.of("I1", "I2", "I3")) {
            sourceOfA.write(Frames.authenticated(app, id, 2, now + 30 * MINUTE, now, "alice"), 0);
        }
        assertThat(idsOfAlice(nodeB)).as("all in the old store").containsExactlyInAnyOrder("I1", "I2", "I3");

        assertThat(nodeA.read("I1")).as("moved to the new store by a request").isNotNull();
        nodeB.delete("I2"); // a logout on another node
        assertThat(nodeB.changeId("I3", "I3-after-login")).isTrue();

        assertThat(idsOfAlice(nodeA)).as("after the move, the logout and the id change")
                .containsExactlyInAnyOrder("I1", "I3-after-login");
        assertThat(idsOfAlice(nodeB)).containsExactlyInAnyOrder("I1", "I3-after-login");
    }

    private static List<String> idsOfAlice(SessionStore node) throws StoreException {
        return node.sessionsOfUser("alice", 100).stream().map(SessionRecord::id).toList();
    }

    // ---------------------------------------------------------------- the copy

    @Test
    void copyDoesNotResurrectASessionLoggedOutBetweenReadAndWrite() throws Exception {
        sourceOfA.write(record("C1", 2, clock.get() + 30 * MINUTE, "second"), 0);

        Future<SessionCopy.Progress> copy = copyHeldAt("C1");
        nodeB.delete("C1"); // logout on another node while the copy holds what it read

        SessionCopy.Progress progress = finish(copy);
        assertThat(nodeB.read("C1")).as("the logged-out session after the copy").isNull();
        assertThat(targetOfB.read("C1")).as("the new store after the copy").isNull();
        assertThat(sourceOfB.read("C1")).as("the old store after the copy").isNull();
        assertThat(progress.copied()).as("copied").isZero();
        assertThat(progress.deletedMeanwhile()).as("counted as deleted meanwhile").isEqualTo(1);
    }

    @Test
    void copyDoesNotResurrectTheOldIdOfASessionRenamedBetweenReadAndWrite() throws Exception {
        sourceOfA.write(record("C2", 2, clock.get() + 30 * MINUTE, "before login"), 0);

        Future<SessionCopy.Progress> copy = copyHeldAt("C2");
        assertThat(nodeB.changeId("C2", "C2-after-login")).as("changeSessionId on another node").isTrue();

        finish(copy);
        assertThat(nodeB.read("C2")).as("the old id after the copy (session fixation)").isNull();
        assertThat(nodeB.read("C2-after-login").version()).as("the session under its new id").isEqualTo(2);
        assertThat(sourceOfB.read("C2")).as("the old store after the copy").isNull();
    }

    @Test
    void copyDoesNotResurrectASessionItsNodeExpiredBetweenReadAndWrite() throws Exception {
        sourceOfA.write(record("C3", 2, clock.get() + 30 * MINUTE, "idle"), 0);

        Future<SessionCopy.Progress> copy = copyHeldAt("C3");
        SessionRecord held = nodeB.read("C3"); // node B serves it (moving it) and later expires it
        assertThat(nodeB.deleteIfVersion("C3", held.version())).as("node B expires the session").isTrue();

        finish(copy);
        assertThat(nodeB.read("C3")).as("the expired session after the copy").isNull();
    }

    @Test
    void copyOfASessionThatExpiredBetweenReadAndWriteStaysExpired() throws Exception {
        sourceOfA.write(record("C4", 2, clock.get() + MINUTE, "expiring"), 0);

        Future<SessionCopy.Progress> copy = copyHeldAt("C4");
        clock.addAndGet(2 * MINUTE);

        finish(copy);
        assertThat(nodeB.read("C4")).as("the expired session after the copy").isNull();
    }

    // ---------------------------------------------------------------- the on-demand move

    @Test
    void moveDoesNotResurrectASessionLoggedOutByAnotherNodeBetweenReadAndWrite() throws Exception {
        sourceOfA.write(record("M1", 2, clock.get() + 30 * MINUTE, "second"), 0);

        Future<SessionRecord> move = moveHeldAt("M1");
        nodeB.delete("M1");

        assertThat(finishMove(move)).as("node A's request racing the logout").isNull();
        assertThat(nodeB.read("M1")).as("the logged-out session after the move").isNull();
        assertThat(nodeA.read("M1")).as("the logged-out session on node A").isNull();
        assertThat(sourceOfB.read("M1")).as("the old store after the move").isNull();
    }

    @Test
    void moveDoesNotResurrectTheOldIdOfASessionRenamedByAnotherNodeBetweenReadAndWrite() throws Exception {
        sourceOfA.write(record("M2", 2, clock.get() + 30 * MINUTE, "before login"), 0);

        Future<SessionRecord> move = moveHeldAt("M2");
        assertThat(nodeB.changeId("M2", "M2-after-login")).as("changeSessionId on another node").isTrue();

        assertThat(finishMove(move)).as("node A's request racing the login").isNull();
        assertThat(nodeA.read("M2")).as("the old id after the move (session fixation)").isNull();
        assertThat(nodeA.read("M2-after-login").version()).as("the session under its new id").isEqualTo(2);
    }

    // ---------------------------------------------------------------- plumbing

    /** Starts a copy (on node A's stores) and returns once it holds {@code id}, read, before its insert. */
    private Future<SessionCopy.Progress> copyHeldAt(String id) {
        targetOfA.holdNextInsert(id, gate);
        Future<SessionCopy.Progress> copy = pool.submit(() -> {
            SessionCopy.Progress progress = new SessionCopy.Progress();
            new SessionCopy(sourceOfA, targetOfA).run(new SessionCopy.Options(10, Duration.ZERO, null, true, 1),
                    progress);
            return progress;
        });
        Gates.awaitArrival(gate);
        return copy;
    }

    /** Starts a read of {@code id} on node A and returns once its move holds the record read, before the insert. */
    private Future<SessionRecord> moveHeldAt(String id) {
        targetOfA.holdNextInsert(id, gate);
        Future<SessionRecord> read = pool.submit(() -> nodeA.read(id));
        Gates.awaitArrival(gate);
        return read;
    }

    private SessionRecord finishMove(Future<SessionRecord> move) throws Exception {
        Gates.open(gate);
        return move.get(60, TimeUnit.SECONDS);
    }

    private SessionCopy.Progress finish(Future<SessionCopy.Progress> copy) throws Exception {
        Gates.open(gate);
        SessionCopy.Progress progress = copy.get(60, TimeUnit.SECONDS);
        assertThat(progress.done()).as("the copy walked the whole old store").isTrue();
        return progress;
    }

    /** The clock both nodes read. */
    protected LongSupplier clock() {
        return clock::get;
    }
}
