package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.contract.UserIndexContract;
import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.store.SessionStore;

/**
 * The user index of the Redis store ({@link RedisUserIndex}: a sorted set per user, listed before
 * a write gives a session its user, checked when read), plus how it stays bounded: a read of the
 * index removes the ids of ended sessions listed long enough ago, never one listed just before.
 */
abstract class RedisUserIndexContract extends UserIndexContract {

    private static final long MINUTE = 60_000L;
    private final List<RedisSessionStore> stores = new ArrayList<>();
    /** The stores a test started besides the contract's own (which the contract stops). */
    private final List<RedisSessionStore> extra = new ArrayList<>();
    private long pruneAfterMillis = RedisUserIndex.PRUNE_AFTER_MILLIS;

    /** Sets mode and connection on a new store (the prefix is set here). */
    abstract void configure(RedisSessionStore store) throws Exception;

    @Override
    protected SessionStore createStore(String appName, LongSupplier clock) throws Exception {
        RedisSessionStore s = new RedisSessionStore();
        configure(s);
        s.setUserIndexPruneAfterMillis(pruneAfterMillis);
        stores.add(StoreFixture.startedUnderOwnPrefix(s, appName, clock));
        return s;
    }

    @AfterEach
    void deleteKeysAndStopExtraStores() {
        stores.forEach(StoreFixture::deleteKeys);
        stores.clear();
        extra.forEach(RedisSessionStore::stop); // a client left open would keep reconnecting to the next cluster
        extra.clear();
    }

    private RedisSessionStore started(long pruneAfter) throws Exception {
        pruneAfterMillis = pruneAfter;
        RedisSessionStore s = (RedisSessionStore) createStore("/Catalina/localhost/users-prune-" + System.nanoTime(),
                clock::get);
        extra.add(s);
        return s;
    }

    @Test
    void aReadOfTheIndexRemovesTheIdsOfEndedSessionsListedLongEnoughAgo() throws Exception {
        RedisSessionStore s = started(0);
        String app = "/Catalina/localhost/any";
        long now = clock.get();
        s.write(Frames.authenticated(app, "P1", 1, now + 30 * MINUTE, now, "alice"), 0);
        s.write(Frames.authenticated(app, "P2", 1, now + 30 * MINUTE, now, "alice"), 0);
        s.write(Frames.authenticated(app, "P3", 1, now + 30 * MINUTE, now, "alice"), 0);
        s.delete("P1");
        s.write(Frames.authenticated(app, "P2", 2, now + 30 * MINUTE, now, null), 1); // logged out
        s.changeId("P3", "P3NEW");
        assertThat(s.listedIds("alice")).as("listed before the read").contains("P1", "P2", "P3", "P3NEW");
        // pruneAfter 0 removes ids listed before the current millisecond of Redis's clock: the listing
        // and the read fell in one millisecond often enough to fail this test once writes got faster
        Thread.sleep(3);

        assertThat(s.sessionsOfUser("alice", 10)).extracting(r -> r.id()).containsExactly("P3NEW");

        assertThat(s.listedIds("alice")).as("listed after the read").containsExactly("P3NEW");
    }

    @Test
    void aReadOfTheIndexKeepsAnIdListedJustBeforeSoALoginRacingItStaysListed() throws Exception {
        RedisSessionStore s = started(RedisUserIndex.PRUNE_AFTER_MILLIS);
        String app = "/Catalina/localhost/any";
        long now = clock.get();
        s.write(Frames.authenticated(app, "Q1", 1, now + 30 * MINUTE, now, "alice"), 0);
        s.write(Frames.authenticated(app, "Q1", 2, now + 30 * MINUTE, now, null), 1); // logged out

        assertThat(s.sessionsOfUser("alice", 10)).as("her sessions after the logout").isEmpty();
        assertThat(s.listedIds("alice")).as("still listed: listed less than a minute ago").containsExactly("Q1");

        s.write(Frames.authenticated(app, "Q1", 3, now + 30 * MINUTE, now, "alice"), 2); // logged in again
        assertThat(s.sessionsOfUser("alice", 10)).extracting(r -> r.id()).containsExactly("Q1");
    }
}
