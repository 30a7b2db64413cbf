package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.client.codec.ByteArrayCodec;

import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.store.ChangeRecorder;
import io.sessionstores.core.store.ChangeStream;
import io.sessionstores.core.store.ExpiryBatch;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.StoreException;

/**
 * The Redis change stream on the shared server, in both modes: every change of a session is
 * announced with its version by the script that makes it, under the key a follower computes for
 * the id; a lost message is noticed. Node a writes, node b follows (two stores of one application).
 * {@link RedisClusterChangeStreamIT} runs the same on a Cluster.
 */
class RedisChangeStreamIT {

    static final String APP = "/Catalina/localhost/changes";
    static final String ID = "C4A6E000000000000000000000000001";
    static final String ID2 = "C4A6E000000000000000000000000002";
    static final String ID3 = "C4A6E000000000000000000000000003";
    static final Duration WAIT = Duration.ofSeconds(10);

    final StoreFixture fixture = new StoreFixture();
    final ChangeRecorder recorder = new ChangeRecorder();
    RedisSessionStore a;
    RedisSessionStore b;

    void start(String mode) throws Exception {
        String prefix = StoreFixture.uniquePrefix();
        a = store(mode, prefix);
        b = store(mode, prefix);
        b.changeStream().follow(recorder);
        recorder.awaitFollowing(WAIT);
    }

    /** Where the stores connect: the shared server here, a Cluster in a subclass. */
    RedisTarget target() {
        return RedisTarget.SHARED;
    }

    /** How long a lost message may take to be noticed (the stream's documented bound, and a loaded machine's margin). */
    Duration lossBound() {
        return Duration.ofSeconds(5);
    }

    /** Whether changes of two sessions arrive in the order they were made (one server: yes; a Cluster: per slot only). */
    boolean orderedAcrossSessions() {
        return true;
    }

    RedisSessionStore store(String mode, String prefix) throws StoreException {
        RedisSessionStore s = new RedisSessionStore();
        target().connect(s);
        s.setMode(mode);
        s.setKeyPrefix(prefix);
        return fixture.start(s, APP);
    }

    @AfterEach
    void stop() {
        if (b != null) {
            b.changeStream().stop();
            b.stop();
        }
        StoreFixture.deleteKeys(a);
        if (a != null) {
            a.stop();
        }
    }

    String key(String id) {
        return b.changeStream().keyOf(id);
    }

    String next() throws InterruptedException {
        return recorder.nextChange(WAIT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hash", "string"})
    void everyChangeOfASessionIsAnnouncedWithItsVersionByTheScriptThatMakesIt(String mode) throws Exception {
        start(mode);
        long t = fixture.now();
        long expires = t + 1_800_000;

        assertThat(a.write(Frames.record(ID, 1, expires, t, "one"), 0)).isTrue();
        assertThat(next()).as("a new session").isEqualTo(key(ID) + " 1");
        assertThat(a.write(Frames.record(ID, 2, expires, t, "two"), 1)).isTrue();
        assertThat(next()).as("a write").isEqualTo(key(ID) + " 2");
        assertThat(a.write(Frames.record(ID, 3, expires, t, "lost"), 1)).as("a conflicting write").isFalse();
        assertThat(a.touch(ID, t + 10, expires + 10)).isTrue();
        assertThat(a.changeId(ID, ID2)).isTrue();
        List<String> idChange = List.of(next(), next());
        if (orderedAcrossSessions()) {
            assertThat(idChange).as("an id change, the new id first (a conflict and a touch announce nothing)")
                    .containsExactly(key(ID2) + " 2", key(ID) + " gone");
        } else {
            assertThat(idChange).as("an id change (a conflict and a touch announce nothing)")
                    .containsExactlyInAnyOrder(key(ID2) + " 2", key(ID) + " gone");
        }
        assertThat(a.deleteIfVersion(ID2, 2)).isTrue();
        assertThat(next()).as("an expiry by this node").isEqualTo(key(ID2) + " gone");
        assertThat(a.write(Frames.record(ID3, 1, expires, t, "three"), 0)).isTrue();
        assertThat(next()).isEqualTo(key(ID3) + " 1");
        a.delete(ID3);
        assertThat(next()).as("a logout").isEqualTo(key(ID3) + " gone");
        a.deleteLeavingTombstone(ID, 0, t + 60_000);
        assertThat(next()).as("a migration's tombstone").isEqualTo(key(ID) + " gone");
        assertThat(recorder.missed.get()).as("missed events").isZero();
        assertThat(key(ID)).as("a key names no id").doesNotContain(ID).hasSize(16);
    }

    /**
     * A node that follows the stream (it keeps copies) announces its write only when another node
     * may hold a copy: the sessions it alone created, wrote and read cost no message; once another
     * following node read one, every write is announced; so is every write when who holds the
     * session is unknown (its holders key gone, as if evicted). The holders go with the session.
     */
    @ParameterizedTest
    @ValueSource(strings = {"hash", "string"})
    void aWriteIsAnnouncedOnlyWhenANodeOtherThanTheWriterMayHoldACopy(String mode) throws Exception {
        start(mode);
        ChangeRecorder own = new ChangeRecorder();
        a.changeStream().follow(own);
        try {
            own.awaitFollowing(WAIT);
            long t = fixture.now();
            long expires = t + 1_800_000;

            assertThat(a.write(Frames.record(ID, 1, expires, t, "one"), 0)).isTrue();
            String writer = holders(ID);
            assertThat(writer).as("the holders of a new session: its writer").isNotNull().doesNotStartWith("*");
            assertThat(a.write(Frames.record(ID, 2, expires, t, "two"), 1)).isTrue();
            assertThat(a.read(ID).version()).isEqualTo(2);
            assertThat(holders(ID)).as("after its writer's own writes and reads").isEqualTo(writer);
            assertThat(b.read(ID).version()).as("read by the other node, which registers").isEqualTo(2);
            assertThat(holders(ID)).as("once another node read it").startsWith("*");

            int last = 2 + ChangeChannel.RESET_AFTER;
            for (int v = 3; v <= last; v++) {
                assertThat(a.write(Frames.record(ID, v, expires, t, "v" + v), v - 1)).isTrue();
                assertThat(next()).as("write %d: the first message of the session (the writes before the other node"
                        + " read it announced nothing), then every write", v).isEqualTo(key(ID) + " " + v);
                boolean carried = recorder.carried.get(key(ID) + " " + v) != null;
                assertThat(carried).as("write %d carries its value (a Cluster's never do; the %dth in a row of one node"
                        + " never does)", v, ChangeChannel.RESET_AFTER).isEqualTo(carriesRecords() && v < last);
            }
            assertThat(holders(ID)).as("after %d writes in a row of one node", ChangeChannel.RESET_AFTER)
                    .isEqualTo(writer);
            assertThat(a.write(Frames.record(ID, last + 1, expires, t, "alone"), last)).isTrue();
            assertThat(b.read(ID).version()).as("the other node reads again, and registers").isEqualTo(last + 1);
            assertThat(a.write(Frames.record(ID, last + 2, expires, t, "shared"), last + 1)).isTrue();
            assertThat(next()).as("the next message: the write before the other node's read announced nothing")
                    .isEqualTo(key(ID) + " " + (last + 2));

            assertThat(a.write(Frames.record(ID2, 1, expires, t, "one"), 0)).isTrue();
            forgetHolders(ID2);
            assertThat(holders(ID2)).isNull();
            assertThat(a.write(Frames.record(ID2, 2, expires, t, "two"), 1)).isTrue();
            assertThat(next()).as("a write when nobody knows who holds the session").isEqualTo(key(ID2) + " 2");
            assertThat(holders(ID2)).startsWith("*");

            a.delete(ID);
            assertThat(next()).isEqualTo(key(ID) + " gone");
            assertThat(holders(ID)).as("the holders of a deleted session").isNull();
            assertThat(recorder.missed.get() + own.missed.get()).as("missed events").isZero();
        } finally {
            a.changeStream().stop();
        }
    }

    /**
     * Who may hold a copy of {@code id} as Redis records it ({@code prelude.lua}'s {@code hold}): a
     * node's id, {@code *}, or {@code null} for no record.
     */
    String holders(String id) {
        SessionLocation at = a.layout().locate(id);
        String key = ChangeChannel.of(a.layout(), a.redisson().getConfig().isClusterConfig()).heldKey(at);
        byte[] value = at.field().length == 0 ? a.redisson().<byte[]>getBucket(key, ByteArrayCodec.INSTANCE).get()
                : a.redisson().<byte[], byte[]>getMap(key, ByteArrayCodec.INSTANCE).get(at.field());
        return value == null ? null : new String(value, StandardCharsets.US_ASCII);
    }

    /** Removes the record of who may hold a copy of {@code id}, as an eviction would. */
    void forgetHolders(String id) {
        SessionLocation at = a.layout().locate(id);
        String key = ChangeChannel.of(a.layout(), a.redisson().getConfig().isClusterConfig()).heldKey(at);
        if (at.field().length == 0) {
            a.redisson().getBucket(key, ByteArrayCodec.INSTANCE).delete();
        } else {
            a.redisson().<byte[], byte[]>getMap(key, ByteArrayCodec.INSTANCE).fastRemove(at.field());
        }
    }

    /** Whether a write's message carries the value it stored (a single server's channel, not a Cluster's). */
    boolean carriesRecords() {
        return true;
    }

    @ParameterizedTest
    @ValueSource(strings = {"hash", "string"})
    void aWritesMessageCarriesTheRecordItStoredUpTo16Kilobytes(String mode) throws Exception {
        start(mode);
        long t = fixture.now();
        assertThat(a.write(Frames.record(ID, 1, t + 1_800_000, t, "one"), 0)).isTrue();
        assertThat(next()).isEqualTo(key(ID) + " 1");
        byte[] large = new byte[ChangeChannel.MAX_CARRIED_BYTES];
        Arrays.fill(large, (byte) 'x');
        assertThat(a.write(Frames.record(ID2, 1, t + 1_800_000, t, large), 0)).isTrue();
        assertThat(next()).isEqualTo(key(ID2) + " 1");

        ChangeStream.PushedRecord carried = recorder.carried.get(key(ID) + " 1");
        assertThat(recorder.carried.get(key(ID2) + " 1")).as("a record over 16 KB").isNull();
        if (!carriesRecords()) {
            assertThat(carried).as("a Cluster's shard channels carry changes only").isNull();
            return;
        }
        assertThat(carried).as("the record of a write").isNotNull();
        SessionRecord stored = a.read(ID);
        SessionRecord record = carried.of(ID);
        assertThat(record.id()).isEqualTo(ID);
        assertThat(record.frame()).as("the frame").isEqualTo(stored.frame());
        assertThat(List.of(record.version(), record.expiresAt(), record.lastAccess(), (long) record.maxInactive(),
                (long) record.rawBytes())).isEqualTo(List.of(stored.version(), stored.expiresAt(), stored.lastAccess(),
                (long) stored.maxInactive(), (long) stored.rawBytes()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hash"})
    void theSessionsASweepDeletesAreAnnouncedInOneMessage(String mode) throws Exception {
        start(mode);
        long real = System.currentTimeMillis();
        fixture.clock.set(real - 20 * 60_000);
        long t = fixture.now();
        assertThat(a.write(Frames.record(ID, 1, t + 60_000, t, "one"), 0)).isTrue();
        assertThat(a.write(Frames.record(ID2, 1, t + 60_000, t, "two"), 0)).isTrue();
        assertThat(next()).isEqualTo(key(ID) + " 1");
        assertThat(next()).isEqualTo(key(ID2) + " 1");
        assertThat(b.read(ID)).isNotNull();
        assertThat(b.read(ID2)).isNotNull();
        assertThat(List.of(holders(ID), holders(ID2))).as("registered by the follower's reads")
                .allMatch(held -> held.startsWith("*"));
        fixture.clock.set(real);

        long deleted = 0;
        ExpiryBatch batch = ExpiryBatch.FIRST;
        do { // a whole pass: one batch's time budget may end before it reaches both buckets
            batch = a.deleteExpired(batch, 100_000);
            deleted += batch.deleted();
        } while (!batch.done());

        assertThat(deleted).isEqualTo(2);
        assertThat(List.of(next(), next())).as("the sweep's announcements")
                .containsExactlyInAnyOrder(key(ID) + " gone", key(ID2) + " gone");
        assertThat(Arrays.asList(holders(ID), holders(ID2))).as("their holders, deleted with them").containsOnlyNulls();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hash", "string"})
    void aLostMessageIsNoticedAtTheNextHeartbeat(String mode) throws Exception {
        start(mode);
        for (int attempt = 1; ; attempt++) {
            String id = String.format("C4A6E%027X", 0x100 + attempt);
            long t = fixture.now();
            b.changeStream().dropNextMessage();
            long before = System.nanoTime();

            assertThat(a.write(Frames.record(id, 1, t + 1_800_000, t, "one"), 0)).isTrue();

            String missed = recorder.awaitMissed(lossBound());
            System.out.printf("[changes] %s, %s mode: a message dropped by the follower was noticed after %d ms: %s%n",
                    target().name(), mode, (System.nanoTime() - before) / 1_000_000, missed);
            if (aLossOfItsOwnIsNoticedFirst(missed, "not all delivered", attempt)) {
                continue;
            }
            assertThat(missed).contains("not all delivered");
            recorder.awaitFollowing(WAIT);
            return;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hash", "string"})
    void aLostMessageIsNoticedAtTheNextChange(String mode) throws Exception {
        start(mode);
        for (int attempt = 1; ; attempt++) {
            // two fresh sessions per attempt: see aLossOfItsOwnIsNoticedFirst
            String first = String.format("C4A6E%027X", 2 * attempt);
            String second = String.format("C4A6E%027X", 2 * attempt + 1);
            long t = fixture.now();
            b.changeStream().dropNextMessage();

            assertThat(a.write(Frames.record(first, 1, t + 1_800_000, t, "one"), 0)).isTrue();
            assertThat(a.write(Frames.record(second, 1, t + 1_800_000, t, "two"), 0)).isTrue();

            String missed = recorder.awaitMissed(lossBound());
            if (aLossOfItsOwnIsNoticedFirst(missed, "deliver", attempt)) {
                continue;
            }
            assertThat(missed).as("by the next change, or a heartbeat between").contains("deliver");
            assertThat(recorder.nextChange(WAIT)).as("the message after the lost one is still delivered")
                    .isEqualTo(key(second) + " 1");
            assertThat(ChangeStream.GONE).isEqualTo(Long.MAX_VALUE);
            return;
        }
    }

    /**
     * Whether a scenario that drops a message must run again because another loss was noticed
     * first (this node's heartbeat back after its bound on a loaded machine: the stream then
     * starts over from the current number, so the dropped message can no longer show as a gap).
     * At most three attempts; the last one's loss is asserted whatever it was. Seen once in CI:
     * {@code RedisChangeStreamIT_aLostMessageIsNoticedAtTheNextChange} failed with the heartbeat's reason.
     */
    boolean aLossOfItsOwnIsNoticedFirst(String missed, String expected, int attempt) throws InterruptedException {
        if (missed.contains(expected) || attempt >= 3) {
            return false;
        }
        System.out.printf("[changes] attempt %d: another loss came first (%s); running the scenario again%n",
                attempt, missed);
        recorder.awaitFollowing(WAIT);
        recorder.events.clear();
        return true;
    }
}
