package io.sessionstores.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;
import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.store.ChangeRecorder;
import io.sessionstores.core.store.ExpiryBatch;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.testsupport.TestServices;

/**
 * The PostgreSQL change stream on this machine's PostgreSQL: every change of a session is
 * announced with its version by the statement that makes it, under the key a follower computes for
 * the id; a raw-expiry batch in messages of at most 400 keys; a listening connection the server
 * ended is noticed, and followed again. Node a writes (its own pool from {@code url}); node b
 * follows, on a DataSource given in code (the JNDI shape: its listening connection is one of the
 * DataSource's).
 */
class PostgresChangeStreamIT {

    static final String APP = "/Catalina/localhost/changes";
    static final String TABLE = "ssit_change_stream";
    static final String ID = "C4A6E000000000000000000000000001";
    static final String ID2 = "C4A6E000000000000000000000000002";
    static final String ID3 = "C4A6E000000000000000000000000003";
    static final Duration WAIT = Duration.ofSeconds(10);

    final String url = TestServices.postgresUrl();
    final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    final ChangeRecorder recorder = new ChangeRecorder();
    JdbcSessionStore a;
    JdbcSessionStore b;
    HikariDataSource bPool;

    @BeforeEach
    void start() throws Exception {
        TestTables.drop(url, TABLE);
        a = TestTables.started(url, TABLE, 2, APP, getClass(), clock::get);
        bPool = new HikariDataSource();
        bPool.setJdbcUrl(url);
        bPool.setMaximumPoolSize(3);
        b = new JdbcSessionStore();
        b.setDataSource(bPool);
        b.setTableName(TABLE);
        b.start(new StoreContext(APP, "follower", getClass().getClassLoader(), clock::get));
        b.changeStream().follow(recorder);
        recorder.awaitFollowing(WAIT);
    }

    @AfterEach
    void stop() throws Exception {
        if (b != null) {
            b.stop();
            bPool.close();
        }
        if (a != null) {
            a.stop();
        }
        TestTables.drop(url, TABLE);
    }

    private String key(String id) {
        return b.changeStream().keyOf(id);
    }

    private String next() throws InterruptedException {
        return recorder.nextChange(WAIT);
    }

    @Test
    void everyChangeOfASessionIsAnnouncedWithItsVersionByTheStatementThatMakesIt() throws Exception {
        long t = clock.get();
        long expires = t + 1_800_000;

        assertThat(a.write(Frames.record(ID, 1, expires, t, "one"), 0)).isTrue();
        assertThat(next()).as("a new session").isEqualTo(key(ID) + " 1");
        assertThat(a.write(Frames.record(ID, 2, expires, t, "two"), 1)).isTrue();
        assertThat(next()).as("a write").isEqualTo(key(ID) + " 2");
        assertThat(a.write(Frames.record(ID, 3, expires, t, "lost"), 1)).as("a conflicting write").isFalse();
        assertThat(a.write(Frames.record(ID, 1, expires, t, "over a live one"), 0)).as("a new one over it").isFalse();
        assertThat(a.touch(ID, t + 10, expires + 10)).isTrue();
        assertThat(a.changeId(ID, ID2)).isTrue();
        assertThat(next()).as("an id change, the new id first (a conflict and a touch announce nothing)")
                .isEqualTo(key(ID2) + " 2");
        assertThat(next()).as("an id change, the old id").isEqualTo(key(ID) + " gone");
        assertThat(a.deleteIfVersion(ID2, 2)).isTrue();
        assertThat(next()).as("an expiry by this node").isEqualTo(key(ID2) + " gone");
        assertThat(a.write(Frames.record(ID3, 1, expires, t, "three"), 0)).isTrue();
        assertThat(next()).isEqualTo(key(ID3) + " 1");
        a.delete(ID3);
        assertThat(next()).as("a logout").isEqualTo(key(ID3) + " gone");
        assertThat(a.deleteLeavingTombstone(ID, 0, t + 60_000)).isTrue();
        assertThat(next()).as("a migration's tombstone").isEqualTo(key(ID) + " gone");
        assertThat(a.write(Frames.record(ID3, 1, expires, t, "three"), 0)).isTrue();
        assertThat(next()).isEqualTo(key(ID3) + " 1");
        assertThat(a.changeIdLeavingTombstone(ID3, ID2, t + 60_000)).isTrue();
        assertThat(List.of(next(), next(), next())).as("a migration's id change: moved, then the tombstone")
                .containsExactly(key(ID2) + " 1", key(ID3) + " gone", key(ID3) + " gone");
        assertThat(a.deleteLeavingTombstone(ID2, 1, t + 60_000)).isTrue();
        assertThat(next()).as("a migration's tombstone of a version").isEqualTo(key(ID2) + " gone");

        assertThat(recorder.nextChange(Duration.ofMillis(300))).as("nothing else").isNull();
        assertThat(recorder.missed.get()).as("missed events").isZero();
        assertThat(key(ID)).as("a key names no id").doesNotContain(ID).hasSize(16).isEqualTo(a.changeStream().keyOf(ID));
    }

    @Test
    void theSessionsAnExpiryBatchDeletesAreAnnouncedInMessagesOfAtMost400() throws Exception {
        int sessions = 1_000;
        long real = System.currentTimeMillis();
        clock.set(real - 20 * 60_000);
        long t = clock.get();
        Set<String> expected = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE + " (app, id, data, version,"
                     + " expires_at, last_access, max_inactive, stored_bytes, raw_bytes) VALUES (?, ?, ?, 1, ?, ?, 60, 1, 1)")) {
            for (int i = 0; i < sessions; i++) {
                String id = String.format("E%031X", i);
                insert.setString(1, APP);
                insert.setString(2, id);
                insert.setBytes(3, new byte[] {1});
                insert.setLong(4, t + 60_000);
                insert.setLong(5, t);
                insert.addBatch();
                expected.add(key(id) + " gone");
            }
            insert.executeBatch();
        }
        clock.set(real);
        recorder.events.clear();

        ExpiryBatch batch = a.deleteExpired(ExpiryBatch.FIRST, 100_000);

        assertThat(batch.deleted()).isEqualTo(sessions);
        assertThat(batch.done()).isTrue();
        List<String> announced = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            announced.add(next());
        }
        assertThat(announced).as("the batch's announcements").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(a.deleteExpired(batch, 100_000).deleted()).as("a batch that deletes nothing").isZero();
        assertThat(recorder.nextChange(Duration.ofMillis(300))).as("announces nothing").isNull();
    }

    /**
     * The listening connection ended by the server ({@code pg_terminate_backend}): noticed, listened
     * on again, followed again only after a heartbeat; a write made while it was down is never
     * trusted (a {@code missed} comes before the next {@code following}).
     */
    @Test
    void aTerminatedListeningConnectionIsNoticedAndFollowedAgain() throws Exception {
        PostgresChangeStream stream = (PostgresChangeStream) b.changeStream();
        int pid = stream.listeningBackendPid();
        assertThat(pid).isPositive();
        long t = clock.get();
        recorder.events.clear();
        long before = System.nanoTime();

        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement kill = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            kill.setInt(1, pid);
            try (ResultSet rs = kill.executeQuery()) {
                assertThat(rs.next() && rs.getBoolean(1)).as("the listening backend was ended").isTrue();
            }
        }
        assertThat(a.write(Frames.record(ID, 1, t + 1_800_000, t, "while down"), 0)).isTrue();

        String missed = recorder.awaitMissed(Duration.ofSeconds(5));
        long noticed = (System.nanoTime() - before) / 1_000_000;
        recorder.awaitFollowing(WAIT);
        long followed = (System.nanoTime() - before) / 1_000_000;
        System.out.printf("[changes] PostgreSQL: the listening connection ended by the server was noticed after %d ms"
                + " (%s), followed again after %d ms%n", noticed, missed, followed);
        assertThat(stream.listeningBackendPid()).as("a new listening connection").isNotEqualTo(pid).isPositive();
        assertThat(recorder.missed.get()).isEqualTo(1);

        assertThat(a.write(Frames.record(ID, 2, t + 1_800_000, t, "after"), 1)).isTrue();
        String change;
        do {
            change = next();
        } while (change != null && !change.endsWith(" 2"));
        assertThat(change).as("changes are delivered again").isEqualTo(key(ID) + " 2");
    }

    /** How long after a write returns its announcement reaches a follower (printed; bounded loosely). */
    @Test
    void aChangeReachesTheFollowerWithinMillisecondsOfItsCommit() throws Exception {
        long t = clock.get();
        int writes = 200;
        long[] micros = new long[writes];
        assertThat(a.write(Frames.record(ID, 1, t + 1_800_000, t, "v"), 0)).isTrue();
        assertThat(next()).isEqualTo(key(ID) + " 1");
        for (int i = 0; i < writes; i++) {
            long v = i + 2;
            assertThat(a.write(Frames.record(ID, v, t + 1_800_000, t, "v"), v - 1)).isTrue();
            long returned = System.nanoTime();
            assertThat(next()).isEqualTo(key(ID) + " " + v);
            micros[i] = (System.nanoTime() - returned) / 1_000;
        }
        java.util.Arrays.sort(micros);
        System.out.printf("[changes] PostgreSQL: %d writes, from the write's return to the follower's listener:"
                + " median %d us, 99th %d us, max %d us%n", writes, micros[writes / 2], micros[writes * 99 / 100],
                micros[writes - 1]);
        assertThat(micros[writes / 2]).as("median microseconds").isLessThan(1_000_000);
    }

    /** A logout on the following node returns once its announcement came back to that node (OwnDeliveries). */
    @Test
    void theEndOfASessionReturnsOnceItsAnnouncementCameBack() throws Exception {
        long t = clock.get();
        assertThat(b.write(Frames.record(ID, 1, t + 1_800_000, t, "one"), 0)).isTrue();
        assertThat(next()).isEqualTo(key(ID) + " 1");

        b.delete(ID);

        assertThat(recorder.events.poll()).as("already delivered when delete returned").isEqualTo(key(ID) + " gone");
        long started = System.nanoTime();
        b.delete(ID);
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms of a delete that found nothing (no wait)")
                .isLessThan(OwnDeliveries.WAIT_MILLIS);
    }

    /**
     * The test hook drops a message, and nothing notices: without a sequence number a lost message
     * cannot be told from none (PostgreSQL loses none on a live connection; see PostgresChangeStream).
     */
    @Test
    void aMessageDroppedByTheFollowerIsNotNoticed() throws Exception {
        long t = clock.get();
        b.changeStream().dropNextMessage();

        assertThat(a.write(Frames.record(ID, 1, t + 1_800_000, t, "one"), 0)).isTrue();
        assertThat(a.write(Frames.record(ID2, 1, t + 1_800_000, t, "two"), 0)).isTrue();

        assertThat(next()).as("the message after the dropped one").isEqualTo(key(ID2) + " 1");
        Thread.sleep(PostgresChangeStream.HEARTBEAT_MILLIS * 3);
        assertThat(recorder.missed.get()).as("missed events after a dropped message").isZero();
        assertThat(recorder.isFollowing()).isTrue();
    }

    @Test
    void h2HasNoChangeStream() throws Exception {
        JdbcSessionStore h2 = TestTables.started("jdbc:h2:mem:changes", TABLE, 1, APP, getClass(), clock::get);
        try {
            assertThat(h2.changeStream()).isNull();
        } finally {
            h2.stop();
        }
    }
}
