package io.sessionstores.core.contract;

import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionIds;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;

import static io.sessionstores.core.frame.Frames.body;
import static io.sessionstores.core.frame.Frames.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import io.sessionstores.core.analysis.AnalysisFixture;
import io.sessionstores.core.analysis.AnalysisOptions;
import io.sessionstores.core.analysis.AnalysisProgress;
import io.sessionstores.core.analysis.AnalysisReport;
import io.sessionstores.core.analysis.ReportFormat;
import io.sessionstores.core.analysis.SessionAnalyzer;
import io.sessionstores.core.frame.FrameFormat;
import io.sessionstores.core.frame.Frames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link SessionStore} contract, once for every store: a store proves it by a small subclass
 * that says how to build a started store on a controllable clock (one per backend: in-memory,
 * H2, PostgreSQL, MariaDB, Redis...).
 *
 * <p>Records carry real frame headers (magic, expiry, last access, version and maxInactive at
 * the offsets of {@link FrameFormat}), so a store that reads or patches the header server-side
 * is tested as it runs. Touch may patch the header's expiry and last-access fields; everything
 * after the header is the application's bytes and must come back unchanged.
 *
 * <p>Each test uses an application name of its own, so stores sharing a backend across test
 * classes never see each other's records.
 *
 * <p>Runs on every store: the in-memory test store ({@code InMemoryStoreContractTest}), H2,
 * PostgreSQL, MariaDB, Redis hash and string mode (also as an ACL user), a 3-master Redis
 * Cluster in both modes, and cached-JDBC ({@code <Store>StoreContractIT}).
 */
public abstract class SessionStoreContract {

    /** An arbitrary fixed start time, far from 0 (which means "never expires"). */
    public static final long T0 = Frames.T0;
    private static final long MINUTE = 60_000L;
    private static final AtomicInteger APPS = new AtomicInteger();

    /** The clock every store of this test reads; tests move it instead of sleeping. */
    protected final AtomicLong clock = new AtomicLong(T0);
    /** This test's application name, {@code /Catalina/localhost/<something unique>}. */
    protected String app;
    /** The store under test, started for {@link #app}. */
    protected SessionStore store;
    private final List<SessionStore> started = new ArrayList<>();

    /**
     * A new, started store for application {@code appName} that reads time from {@code clock}.
     * Backends shared by several test classes must keep each class's records apart (a table,
     * key prefix or database of its own).
     */
    protected abstract SessionStore createStore(String appName, LongSupplier clock) throws Exception;

    @BeforeEach
    void startStore() throws Exception {
        clock.set(T0);
        app = "/Catalina/localhost/contract-" + getClass().getSimpleName() + "-" + System.nanoTime() + "-"
                + APPS.incrementAndGet();
        store = start(app);
    }

    @AfterEach
    void stopStores() {
        started.forEach(SessionStore::stop);
        started.clear();
    }

    /** Starts one more store for {@code appName} on this test's clock; stopped after the test. */
    protected SessionStore start(String appName) throws Exception {
        SessionStore s = createStore(appName, clock::get);
        started.add(s);
        return s;
    }

    // ---------------------------------------------------------------- read and write

    @Test
    void readOfMissingIdIsNull() throws Exception {
        assertThat(store.read("0123456789ABCDEF")).as("read of an id never written").isNull();
    }

    @Test
    void newRecordReadsBackIdentical() throws Exception {
        SessionRecord written = record("A1", 1, T0 + 30 * MINUTE, "hello");

        assertThat(store.write(written, 0)).as("write of a new record with expected version 0").isTrue();

        assertSameRecord(store.read("A1"), written);
    }

    @Test
    void newRecordOverLiveRecordIsRefused() throws Exception {
        SessionRecord first = record("A2", 1, T0 + 30 * MINUTE, "first");
        store.write(first, 0);

        boolean written = store.write(record("A2", 1, T0 + 40 * MINUTE, "second"), 0);

        assertThat(written).as("expected version 0 over a live record must be a conflict").isFalse();
        assertSameRecord(store.read("A2"), first);
    }

    @Test
    void newRecordReplacesExpiredLeftover() throws Exception {
        store.write(record("A3", 7, T0 + MINUTE, "old"), 0);
        clock.set(T0 + 2 * MINUTE);
        SessionRecord fresh = record("A3", 1, T0 + 32 * MINUTE, "new");

        assertThat(store.write(fresh, 0)).as("expected version 0 over an expired leftover").isTrue();

        assertSameRecord(store.read("A3"), fresh);
    }

    @Test
    void compareAndSetWithCurrentVersionWrites() throws Exception {
        store.write(record("B1", 1, T0 + 30 * MINUTE, "v1"), 0);
        SessionRecord v2 = record("B1", 2, T0 + 31 * MINUTE, "v2");

        assertThat(store.write(v2, 1)).as("write expecting the stored version 1").isTrue();

        assertSameRecord(store.read("B1"), v2);
    }

    @Test
    void compareAndSetWithStaleVersionConflictsAndKeepsData() throws Exception {
        store.write(record("B2", 1, T0 + 30 * MINUTE, "v1"), 0);
        SessionRecord v2 = record("B2", 2, T0 + 30 * MINUTE, "v2");
        store.write(v2, 1);

        boolean written = store.write(record("B2", 2, T0 + 30 * MINUTE, "stale writer"), 1);

        assertThat(written).as("write expecting version 1 when 2 is stored").isFalse();
        assertSameRecord(store.read("B2"), v2);
    }

    @Test
    void compareAndSetOnMissingOrExpiredRecordConflicts() throws Exception {
        assertThat(store.write(record("B3", 2, T0 + 30 * MINUTE, "x"), 1))
                .as("write expecting version 1 of a record that does not exist").isFalse();
        assertThat(store.read("B3")).as("nothing may be created by a failed compare-and-set").isNull();

        store.write(record("B4", 1, T0 + MINUTE, "x"), 0);
        clock.set(T0 + MINUTE);
        assertThat(store.write(record("B4", 2, T0 + 31 * MINUTE, "y"), 1))
                .as("write expecting version 1 of a record that expired").isFalse();
    }

    @Test
    void largeRecordFits() throws Exception {
        byte[] payload = new byte[3 * 1024 * 1024];
        new Random(42).nextBytes(payload);
        SessionRecord big = record("C1", 1, T0 + 30 * MINUTE, payload, payload.length + 4096);

        assertThat(store.write(big, 0)).as("write of a 3 MiB record").isTrue();

        assertSameRecord(store.read("C1"), big);
    }

    @Test
    void sizesAreRecorded() throws Exception {
        SessionRecord s = record("C2", 1, T0 + 30 * MINUTE, new byte[1000], 5000);
        store.write(s, 0);

        SessionRecord read = store.read("C2");

        assertThat(read.storedBytes()).as("stored bytes").isEqualTo(FrameFormat.HEADER_LENGTH + 1000);
        assertThat(read.rawBytes()).as("raw (uncompressed) bytes").isEqualTo(5000);
    }

    // ---------------------------------------------------------------- touch

    @Test
    void touchExtendsExpiryAndKeepsDataAndVersion() throws Exception {
        SessionRecord s = record("D1", 3, T0 + 30 * MINUTE, "data");
        store.write(s, 0);
        clock.set(T0 + 10 * MINUTE);

        assertThat(store.touch("D1", T0 + 10 * MINUTE, T0 + 40 * MINUTE)).as("touch of a live record").isTrue();

        SessionRecord read = store.read("D1");
        assertThat(read.expiresAt()).as("expiry after touch").isEqualTo(T0 + 40 * MINUTE);
        assertThat(read.lastAccess()).as("last access after touch").isEqualTo(T0 + 10 * MINUTE);
        assertThat(read.version()).as("version after touch").isEqualTo(3);
        assertThat(read.maxInactive()).as("maxInactive after touch").isEqualTo(s.maxInactive());
        assertThat(body(read)).as("application bytes after touch").isEqualTo(body(s));
    }

    @Test
    void touchNeverShortensExpiry() throws Exception {
        store.write(record("D2", 1, T0 + 30 * MINUTE, "data"), 0);

        assertThat(store.touch("D2", T0 + MINUTE, T0 + 5 * MINUTE)).isTrue();

        assertThat(store.read("D2").expiresAt()).as("expiry after a touch asking for an earlier one")
                .isEqualTo(T0 + 30 * MINUTE);
    }

    @Test
    void touchOfMissingOrExpiredRecordIsFalse() throws Exception {
        assertThat(store.touch("D3", T0, T0 + 30 * MINUTE)).as("touch of a missing record").isFalse();

        store.write(record("D4", 1, T0 + MINUTE, "data"), 0);
        clock.set(T0 + 2 * MINUTE);
        assertThat(store.touch("D4", T0 + 2 * MINUTE, T0 + 32 * MINUTE)).as("touch of an expired record").isFalse();
        assertThat(store.read("D4")).as("an expired record stays dead after a refused touch").isNull();
    }

    // ---------------------------------------------------------------- expiry

    @Test
    void expiredRecordIsInvisible() throws Exception {
        store.write(record("E1", 1, T0 + 30 * MINUTE, "data"), 0);

        clock.set(T0 + 30 * MINUTE - 1);
        assertThat(store.read("E1")).as("read 1 ms before expiry").isNotNull();
        clock.set(T0 + 30 * MINUTE);
        assertThat(store.read("E1")).as("read at the expiry instant").isNull();
    }

    @Test
    void neverExpiringRecordIsKeptHoweverFarTimeMoves() throws Exception {
        SessionRecord s = record("E2", 1, SessionRecord.NEVER_EXPIRES, "forever");
        store.write(s, 0);

        clock.set(T0 + 100L * 365 * 24 * 60 * MINUTE);

        assertSameRecord(store.read("E2"), s);
        assertThat(store.touch("E2", clock.get(), clock.get() + 30 * MINUTE)).as("touch of a never-expiring record")
                .isTrue();
        assertThat(store.read("E2").expiresAt()).as("a touch does not give a never-expiring record an expiry")
                .isEqualTo(SessionRecord.NEVER_EXPIRES);
        assertThat(store.write(record("E2", 1, T0, "intruder"), 0))
                .as("a new record over a never-expiring one").isFalse();
    }

    // ---------------------------------------------------------------- change id, delete, count

    @Test
    void changeIdMovesTheRecord() throws Exception {
        SessionRecord s = record("F1", 4, T0 + 30 * MINUTE, "data");
        store.write(s, 0);

        assertThat(store.changeId("F1", "F2")).as("changeId of a live record").isTrue();

        assertThat(store.read("F1")).as("old id after changeId").isNull();
        SessionRecord moved = store.read("F2");
        assertThat(moved).as("new id after changeId").isNotNull();
        assertThat(moved.id()).isEqualTo("F2");
        assertThat(moved.version()).as("version is kept by changeId").isEqualTo(4);
        assertThat(moved.frame()).as("frame is kept by changeId").isEqualTo(s.frame());
    }

    @Test
    void changeIdOfMissingOrExpiredRecordIsFalse() throws Exception {
        assertThat(store.changeId("F3", "F4")).as("changeId of a missing record").isFalse();

        store.write(record("F5", 1, T0 + MINUTE, "data"), 0);
        clock.set(T0 + MINUTE);
        assertThat(store.changeId("F5", "F6")).as("changeId of an expired record").isFalse();
        assertThat(store.read("F6")).isNull();
    }

    @Test
    void deleteRemovesAndIgnoresMissing() throws Exception {
        store.write(record("G1", 1, T0 + 30 * MINUTE, "data"), 0);

        store.delete("G1");
        store.delete("G-never-there");

        assertThat(store.read("G1")).as("read after delete").isNull();
        assertThat(store.write(record("G1", 1, T0 + 30 * MINUTE, "again"), 0))
                .as("a new record under a deleted id").isTrue();
    }

    @Test
    void deleteIfVersionDeletesOnlyTheRightVersion() throws Exception {
        store.write(record("G2", 1, T0 + 30 * MINUTE, "v1"), 0);
        store.write(record("G2", 2, T0 + 30 * MINUTE, "v2"), 1);

        assertThat(store.deleteIfVersion("G2", 1)).as("deleteIfVersion with a stale version").isFalse();
        assertThat(store.read("G2")).as("record after a refused deleteIfVersion").isNotNull();
        assertThat(store.deleteIfVersion("G2", 2)).as("deleteIfVersion with the stored version").isTrue();
        assertThat(store.read("G2")).as("record after deleteIfVersion").isNull();
        assertThat(store.deleteIfVersion("G2", 2)).as("deleteIfVersion of a missing record").isFalse();
    }

    // ---------------------------------------------------------------- tombstones (migration target)

    /**
     * A migration's copy read a session from the old store; the user logged out before the copy
     * inserted it into this store: the tombstone the logout left refuses the insert, whatever
     * this store held before the logout, and only until the tombstone ends.
     */
    @Test
    void aTombstoneRefusesTheInsertOfADeletedSessionUntilItEnds() throws Exception {
        long end = T0 + 20 * MINUTE;
        SessionRecord stale = record("K1", 3, T0 + 30 * MINUTE, "read from the old store before the logout");
        store.write(record("K2", 3, T0 + 30 * MINUTE, "in this store"), 0);

        assertThat(store.deleteLeavingTombstone("K1", 0, end)).as("tombstone where nothing was").isTrue();
        assertThat(store.deleteLeavingTombstone("K2", 0, end)).as("tombstone over a live record").isTrue();

        assertThat(store.write(stale, 0)).as("insert under a tombstone (nothing there before)").isFalse();
        assertThat(store.write(record("K2", 3, T0 + 30 * MINUTE, "stale"), 0))
                .as("insert under a tombstone (a record there before)").isFalse();
        for (String id : List.of("K1", "K2")) {
            assertThat(store.read(id)).as("read of a tombstone").isNull();
            assertThat(store.touch(id, T0, T0 + 40 * MINUTE)).as("touch of a tombstone").isFalse();
            assertThat(store.changeId(id, id + "-renamed")).as("changeId of a tombstone").isFalse();
            assertThat(store.write(record(id, 4, T0 + 30 * MINUTE, "x"), 3)).as("compare-and-set on a tombstone")
                    .isFalse();
        }
        assertThat(scanAll(ScanRequest.all(10))).as("a scan never returns a tombstone").isEmpty();
        assertThat(store.lookup(List.of("K1", "K2"))).as("a lookup never returns a tombstone").isEmpty();

        clock.set(end);
        assertThat(store.write(stale, 0)).as("insert once the tombstone has ended").isTrue();
        assertSameRecord(store.read("K1"), stale);
    }

    @Test
    void aTombstoneOfAVersionReplacesOnlyThatVersion() throws Exception {
        long end = T0 + 20 * MINUTE;
        store.write(record("K3", 1, T0 + 30 * MINUTE, "v1"), 0);
        SessionRecord v2 = record("K3", 2, T0 + 30 * MINUTE, "v2");
        store.write(v2, 1);

        assertThat(store.deleteLeavingTombstone("K3", 1, end)).as("tombstone of a stale version").isFalse();
        assertSameRecord(store.read("K3"), v2);
        assertThat(store.deleteLeavingTombstone("K4", 1, end)).as("tombstone of a version where nothing is").isFalse();
        assertThat(store.write(record("K4", 1, T0 + 30 * MINUTE, "new"), 0))
                .as("no tombstone was left where nothing matched").isTrue();

        assertThat(store.deleteLeavingTombstone("K3", 2, end)).as("tombstone of the stored version").isTrue();
        assertThat(store.read("K3")).isNull();
        assertThat(store.write(record("K3", 2, T0 + 30 * MINUTE, "v2 again"), 0)).as("insert under it").isFalse();
    }

    @Test
    void changeIdLeavingTombstoneMovesTheRecordAndRefusesTheOldIdAnInsert() throws Exception {
        long end = T0 + 20 * MINUTE;
        SessionRecord s = record("K5", 4, T0 + 30 * MINUTE, "before login");
        store.write(s, 0);

        assertThat(store.changeIdLeavingTombstone("K5", "K6", end)).as("changeId of a live record").isTrue();

        assertThat(store.read("K5")).as("old id after the move").isNull();
        assertThat(store.read("K6").version()).as("new id after the move").isEqualTo(4);
        assertThat(body(store.read("K6"))).isEqualTo(body(s));
        assertThat(store.write(s, 0)).as("the pre-login copy inserted under the old id").isFalse();
        assertThat(store.changeIdLeavingTombstone("K7", "K8", end)).as("changeId of a missing record").isFalse();
        assertThat(store.write(record("K7", 1, T0 + 30 * MINUTE, "x"), 0))
                .as("a failed changeId leaves no tombstone").isTrue();
        assertThat(scanAll(ScanRequest.all(10))).extracting(r -> r.record().id()).containsExactlyInAnyOrder("K6", "K7");
    }

    @Test
    void countIsPerApplication() throws Exception {
        SessionStore other = start(app + "-other");
        for (String id : List.of("H1", "H2", "H3")) {
            store.write(record(id, 1, T0 + 30 * MINUTE, id), 0);
        }
        other.write(record("H1", 1, T0 + 30 * MINUTE, "other app"), 0);

        assertThat(store.count()).as("records of this application").isEqualTo(3);
        assertThat(other.count()).as("records of the other application").isEqualTo(1);
        assertThat(body(other.read("H1"))).as("same id, other application: its own record")
                .isEqualTo("other app".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Two applications on one backend (two app names; on Redis also two key prefixes, as
     * {@link #createStore} gives each store its own) using the same session ids: no operation of
     * one ever reads, changes, moves, expires or deletes a record of the other.
     */
    @Test
    void everyOperationStaysWithinItsApplication() throws Exception {
        SessionStore other = start(app + "-neighbour");
        SessionRecord mine = record("I1", 1, T0 + 30 * MINUTE, "mine");
        SessionRecord theirs = record("I1", 1, T0 + 60 * MINUTE, "theirs");
        assertThat(store.write(mine, 0)).isTrue();
        assertThat(other.write(theirs, 0)).as("same id, other application: a record of its own").isTrue();
        store.write(record("I3", 1, T0 + 90 * MINUTE, "mine, long-lived"), 0);

        assertThat(store.touch("I1", T0 + MINUTE, T0 + 31 * MINUTE)).isTrue();
        assertThat(store.write(record("I1", 2, T0 + 31 * MINUTE, "mine v2"), 1)).isTrue();
        assertThat(store.changeId("I1", "I2")).isTrue();
        assertThat(store.deleteIfVersion("I2", 2)).isTrue();
        store.delete("I3");
        assertSameRecord(other.read("I1"), theirs);
        assertThat(other.read("I2")).as("a moved record of the neighbour").isNull();

        assertThat(other.write(record("I1", 2, T0 + 60 * MINUTE, "theirs v2"), 1)).isTrue();
        assertThat(other.changeId("I1", "I4")).isTrue();
        assertThat(store.read("I4")).as("the neighbour's moved record").isNull();
        assertThat(store.read("I1")).as("my deleted record").isNull();
        assertThat(store.touch("I4", T0 + 2 * MINUTE, T0 + 32 * MINUTE)).as("touch of the neighbour's id").isFalse();
        assertThat(store.deleteIfVersion("I4", 2)).as("deleteIfVersion of the neighbour's id").isFalse();
        store.delete("I4");
        assertThat(body(other.read("I4"))).isEqualTo("theirs v2".getBytes(StandardCharsets.UTF_8));

        store.write(record("I5", 1, T0 + MINUTE, "mine, expiring"), 0);
        SessionRecord theirsLiving = record("I5", 1, T0 + 60 * MINUTE, "theirs, living");
        other.write(theirsLiving, 0);
        clock.set(T0 + 2 * MINUTE);
        store.backgroundProcess();
        assertThat(store.read("I5")).as("my expired record").isNull();
        assertSameRecord(other.read("I5"), theirsLiving);
        assertThat(other.count()).as("the neighbour's records after my expiry work").isEqualTo(2);
    }

    // ---------------------------------------------------------------- hostile ids

    static Stream<String> hostileIds() {
        return Stream.of("'; DROP TABLE x; --", "\" OR 1=1 --", "*", "{a}", "a:b:*", "%_\\", "ünïcødé-セッション-🙂",
                "x".repeat(1000));
    }

    @ParameterizedTest
    @MethodSource("hostileIds")
    void idsAreOpaqueText(String id) throws Exception {
        SessionRecord s = record(id, 1, T0 + 30 * MINUTE, "payload");

        assertThat(store.write(s, 0)).as("write under a hostile id").isTrue();
        assertSameRecord(store.read(id), s);
        assertThat(store.read("?" + id)).as("a near-miss id").isNull();
        assertThat(store.touch(id, T0, T0 + 31 * MINUTE)).as("touch under a hostile id").isTrue();
        assertThat(store.changeId(id, id + "-moved")).as("changeId from a hostile id").isTrue();
        assertThat(store.read(id + "-moved")).as("read after changeId").isNotNull();
        store.delete(id + "-moved");
        assertThat(store.read(id + "-moved")).as("read after delete").isNull();
        assertThat(store.count()).as("the store still answers").isZero();
    }

    @Test
    void idsDifferingOnlyInCaseOrTrailingSpaceAreDifferentSessions() throws Exception {
        store.write(record("abcdef", 1, T0 + 30 * MINUTE, "lower"), 0);

        assertThat(store.read("ABCDEF")).as("read with the id in upper case (a case-insensitive collation?)")
                .isNull();
        assertThat(store.read("abcdef ")).as("read with a trailing space (a PAD SPACE collation?)").isNull();
        assertThat(store.write(record("ABCDEF", 1, T0 + 30 * MINUTE, "upper"), 0))
                .as("a new session whose id differs only in case").isTrue();
        assertThat(body(store.read("abcdef"))).as("the first session keeps its own data")
                .isEqualTo("lower".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Ids whose compact encodings could coincide: "aba10" is not hex, and "006162613130" is the
     * hex of a zero byte followed by "aba10"; "00FF61" decodes to bytes that a naive text marker
     * could produce for "a". A store that packs ids (Redis hash mode) must keep them apart. (An id
     * with a NUL character is left out: PostgreSQL text cannot hold one, and Tomcat never makes one.)
     */
    @Test
    void idsWhoseCompactEncodingsCouldCoincideAreDifferentSessions() throws Exception {
        assertDistinctSessions("aba10", "006162613130", "a", "00FF61", "0000", "00");
    }

    /** Writes a session under each id, then reads each back with its own data. */
    private void assertDistinctSessions(String... ids) throws Exception {
        for (String id : ids) {
            assertThat(store.write(record(id, 1, T0 + 30 * MINUTE, "data of " + id), 0))
                    .as("new session %s", id).isTrue();
        }
        for (String id : ids) {
            assertThat(body(store.read(id))).as("data read back for %s", id)
                    .isEqualTo(("data of " + id).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Regression: in Redis hash mode the routed id "A1B2.x" and the hex id "A1B22E78" were packed
     * into the same field bytes (A1 B2 2E 78), so one session overwrote the other.
     */
    @Test
    void routedIdAndHexIdOfTheSameBytesAreDifferentSessions() throws Exception {
        assertDistinctSessions("A1B2.x", "A1B22E78", "00A1.x", "00A12E78");
    }

    // ---------------------------------------------------------------- scan and lookup

    /** Ids of every shape a store encodes differently: scans must give each back exactly. */
    private static final List<String> SCAN_IDS = List.of("A1B2C3D4E5F60718", "00A1B2C3D4E5F607", "A1B2C3D4.node-1",
            "A1B22E78", "A1B2.x", "aba10", "ünï-🙂", "'; DROP TABLE x; --", "a:b:*", "{a}");

    @Test
    void scanReturnsEveryRecordOnceWithItsIdAndExpiredFlagged() throws Exception {
        Set<String> expired = new HashSet<>();
        for (int i = 0; i < SCAN_IDS.size(); i++) {
            String id = SCAN_IDS.get(i);
            boolean dies = i % 3 == 0;
            store.write(record(id, 1, dies ? T0 + MINUTE : T0 + 30 * MINUTE, "scan " + i), 0);
            if (dies) {
                expired.add(id);
            }
        }
        for (int i = 0; i < 15; i++) {
            store.write(record(String.format("%016X", 0x5A5A0000L + i * 7919L), 1, T0 + 30 * MINUTE, "n" + i), 0);
        }
        start(app + "-other").write(record("A1B2C3D4E5F60718", 1, T0 + 30 * MINUTE, "other app"), 0);
        clock.set(T0 + 2 * MINUTE);

        List<ScannedRecord> seen = scanAll(ScanRequest.all(4));

        assertThat(seen).as("records scanned in batches of 4").hasSize(SCAN_IDS.size() + 15);
        Set<String> ids = new HashSet<>();
        for (ScannedRecord r : seen) {
            assertThat(ids.add(r.record().id())).as("seen once: %s", r.record().id()).isTrue();
            assertThat(r.expired()).as("expired flag of %s", r.record().id()).isEqualTo(expired.contains(r.record().id()));
            assertThat(body(r.record())).as("body of %s", r.record().id())
                    .isEqualTo(body(store.lookup(List.of(r.record().id())).get(0).record()));
        }
        assertThat(ids).as("ids given back exactly").containsAll(SCAN_IDS);
    }

    @Test
    void scanSizeFilterSelectsExactlyTheBiggerRecords() throws Exception {
        for (int i = 0; i < 12; i++) {
            store.write(record(String.format("B%02d", i), 1, T0 + 30 * MINUTE, new byte[10], 1000 + i * 100), 0);
        }

        List<ScannedRecord> seen = scanAll(new ScanRequest(null, 3, 1500));

        assertThat(seen.stream().map(r -> r.record().id()).sorted().toList()).as("records of more than 1500 raw bytes")
                .containsExactly("B06", "B07", "B08", "B09", "B10", "B11");
        assertThat(scanAll(new ScanRequest(null, 100, 1000 + 11 * 100))).as("nothing is bigger than the biggest")
                .isEmpty();
    }

    @Test
    void scanForHeadsGivesTheFramesFirstBytesAndTheWholeLength() throws Exception {
        byte[] big = new byte[3000];
        new Random(5).nextBytes(big);
        SessionRecord large = record("H-large", 1, T0 + 30 * MINUTE, big, 4000);
        SessionRecord small = record("H-small", 1, T0 + 30 * MINUTE, new byte[20], 200);
        store.write(large, 0);
        store.write(small, 0);

        List<ScannedRecord> seen = scanAll(new ScanRequest(null, 10, -1, ScanRequest.MIN_HEAD_BYTES));

        assertThat(seen).hasSize(2);
        for (ScannedRecord r : seen) {
            byte[] whole = (r.record().id().equals("H-large") ? large : small).frame();
            byte[] got = r.record().frame();
            assertThat(r.frameLength()).as("whole frame length of %s", r.record().id()).isEqualTo(whole.length);
            assertThat(got.length).as("bytes returned for %s", r.record().id())
                    .isBetween(Math.min(whole.length, ScanRequest.MIN_HEAD_BYTES), whole.length);
            assertThat(got).as("the frame's first bytes, %s", r.record().id())
                    .isEqualTo(Arrays.copyOf(whole, got.length));
            assertThat(r.isPartial()).isEqualTo(got.length < whole.length);
            assertThat(r.record().rawBytes()).isEqualTo(r.record().id().equals("H-large") ? 4000 : 200);
        }
    }

    @Test
    void scanOfAnEmptyStoreIsOneEmptyLastBatch() throws Exception {
        ScanBatch batch = store.scan(ScanRequest.all(10));

        assertThat(batch.records()).isEmpty();
        assertThat(batch.isLast()).as("last batch").isTrue();
    }

    @Test
    void lookupFlagsExpiredAndOmitsMissing() throws Exception {
        store.write(record("L1", 1, T0 + 30 * MINUTE, "live"), 0);
        store.write(record("L2", 1, T0 + MINUTE, "dies"), 0);
        clock.set(T0 + 2 * MINUTE);

        List<ScannedRecord> found = store.lookup(List.of("L1", "L2", "L3-missing"));

        assertThat(found).as("records found for L1, L2, L3-missing").hasSize(2);
        for (ScannedRecord r : found) {
            assertThat(r.expired()).as("expired flag of %s", r.record().id()).isEqualTo(r.record().id().equals("L2"));
        }
    }

    /**
     * How far a scan batch may exceed its limit: 0, or for a store that reads by pages (Redis SCAN)
     * one page.
     */
    protected int scanPageOvershoot() {
        return 0;
    }

    /** Every record of a walk that starts with {@code first}; checks that no batch exceeds its limit. */
    protected List<ScannedRecord> scanAll(ScanRequest first) throws Exception {
        List<ScannedRecord> all = new ArrayList<>();
        ScanRequest request = first;
        for (int calls = 0; calls < 10_000; calls++) {
            ScanBatch batch = store.scan(request);
            assertThat(batch.records().size()).as("batch size, limit %d", request.limit())
                    .isLessThanOrEqualTo(request.limit() + scanPageOvershoot());
            all.addAll(batch.records());
            if (batch.isLast()) {
                return all;
            }
            request = request.next(batch);
        }
        throw new AssertionError("scan did not end after 10000 batches");
    }


    // ---------------------------------------------------------------- size analysis over this store

    private List<AnalysisFixture.Seeded> seedPopulation() throws Exception {
        List<AnalysisFixture.Seeded> all = AnalysisFixture.population(T0 + 30 * MINUTE, T0 + MINUTE);
        for (AnalysisFixture.Seeded s : all) {
            assertThat(store.write(s.record(), 0)).as("seeding %s", s.id()).isTrue();
        }
        clock.set(T0 + 2 * MINUTE);
        return all;
    }

    private AnalysisReport analyse(AnalysisOptions options) throws Exception {
        return new SessionAnalyzer(store, app, clock::get).run(options, new AnalysisProgress());
    }

    @Test
    void analysisFiguresMatchTheSeededSessionsToTheByte() throws Exception {
        List<AnalysisFixture.Seeded> all = seedPopulation();
        List<AnalysisFixture.Seeded> live = all.stream().filter(s -> !s.expired()).toList();

        AnalysisReport report = analyse(new AnalysisOptions(0, null, 3, Duration.ZERO));

        assertThat(ReportFormat.TEXT.render(report)).as("the classic three parts")
                .startsWith(AnalysisFixture.classicText(all, all.size()));
        assertThat(report.processed()).as("sessions analysed").isEqualTo(live.size());
        assertThat(report.expired()).as("expired sessions, counted apart").isEqualTo(all.size() - live.size());
        assertThat(report.unreadable()).as("unreadable sessions").isZero();
        assertThat(report.totalRawBytes()).as("raw bytes by the frame layout")
                .isEqualTo(live.stream().mapToLong(AnalysisFixture.Seeded::rawBytes).sum())
                .isEqualTo(live.stream().mapToLong(s -> s.record().rawBytes()).sum());
        assertThat(report.totalStoredBytes()).as("stored bytes")
                .isEqualTo(live.stream().mapToLong(s -> s.record().storedBytes()).sum());
        assertThat(report.overheadBytes() + report.keys().stream().mapToLong(AnalysisReport.KeyStats::totalBytes).sum())
                .as("overhead plus every attribute is the sessions' size").isEqualTo(report.totalRawBytes());
        Map<String, long[]> expected = AnalysisFixture.keyFigures(all);
        assertThat(report.keys()).as("attribute names").hasSize(expected.size());
        for (AnalysisReport.KeyStats k : report.keys()) {
            assertThat(new long[] {k.count(), k.totalBytes(), k.maxBytes()}).as("count, total, max of %s", k.name())
                    .containsExactly(expected.get(k.name()));
        }
        assertThat(report.largest().get(0).idHash()).as("largest session")
                .isEqualTo(SessionIds.hash("A0000000000000000000000000000004.node-1"));
        assertThat(report.histogram().stream().mapToLong(AnalysisReport.SizeBin::count).sum())
                .as("sessions in the histogram").isEqualTo(live.size());
    }

    @Test
    void analysisBiggerThanSelectsExactlyTheBiggerLiveSessions() throws Exception {
        List<AnalysisFixture.Seeded> all = seedPopulation();

        AnalysisReport report = analyse(new AnalysisOptions(10_240, null, 2, Duration.ZERO));

        List<String> bigger = all.stream().filter(s -> !s.expired() && s.rawBytes() > 10_240)
                .map(s -> SessionIds.hash(s.id())).sorted().toList();
        assertThat(report.largest().stream().map(AnalysisReport.LargeSession::idHash).sorted().toList())
                .as("sessions of more than 10240 raw bytes").isEqualTo(bigger);
        assertThat(report.processed()).isEqualTo(bigger.size());
        assertThat(report.expired()).as("the big expired session is counted, not analysed").isEqualTo(1);
        assertThat(report.totalSessions()).as("records stored").isEqualTo(all.size());
    }

    @Test
    void analysisOfIdsListsTheMissingOnesApartAndSkipsExpired() throws Exception {
        seedPopulation();
        String missing = "B0000000000000000000000000000001";

        AnalysisReport report = analyse(AnalysisOptions.ids(List.of("A0000000000000000000000000000001",
                "A0000000000000000000000000000004.node-1", "A0000000000000000000000000000008", missing,
                "A0000000000000000000000000000001")));

        assertThat(report.idsRequested()).as("distinct ids given").isEqualTo(4);
        assertThat(report.processed()).as("live sessions among them").isEqualTo(2);
        assertThat(report.expired()).as("expired among them").isEqualTo(1);
        assertThat(report.missingIds()).as("ids with nothing stored").containsExactly(SessionIds.hash(missing));
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void concurrentCompareAndSetWritersLoseNoUpdate() throws Exception {
        int threads = 8;
        int increments = 50;
        store.write(counter("K1", 1, 0), 0);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(incrementer("K1", increments)));
            }
            int conflicts = 0;
            for (Future<Integer> f : results) {
                conflicts += f.get(120, TimeUnit.SECONDS);
            }
            SessionRecord last = store.read("K1");
            assertThat(counterValue(last)).as("counter after %d x %d increments (%d conflicts retried)",
                    threads, increments, conflicts).isEqualTo(threads * increments);
            assertThat(last.version()).as("version after every increment").isEqualTo(1 + threads * increments);
        } finally {
            pool.shutdownNow();
        }
    }

    private Callable<Integer> incrementer(String id, int increments) {
        return () -> {
            int conflicts = 0;
            for (int i = 0; i < increments; i++) {
                while (true) {
                    SessionRecord current = store.read(id);
                    SessionRecord next = counter(id, current.version() + 1, counterValue(current) + 1);
                    if (store.write(next, current.version())) {
                        break;
                    }
                    conflicts++;
                }
            }
            return conflicts;
        };
    }

    private static SessionRecord counter(String id, long version, long value) {
        return record(id, version, T0 + 30 * MINUTE, ByteBuffer.allocate(8).putLong(value).array(), 8);
    }

    private static long counterValue(SessionRecord s) {
        return ByteBuffer.wrap(body(s)).getLong();
    }

    // ---------------------------------------------------------------- helpers

    /** Asserts that {@code actual} is {@code expected} field by field and byte by byte. */
    protected static void assertSameRecord(SessionRecord actual, SessionRecord expected) {
        assertThat(actual).as("record %s", expected).isNotNull();
        assertThat(actual.id()).as("id").isEqualTo(expected.id());
        assertThat(actual.version()).as("version").isEqualTo(expected.version());
        assertThat(actual.expiresAt()).as("expiresAt").isEqualTo(expected.expiresAt());
        assertThat(actual.lastAccess()).as("lastAccess").isEqualTo(expected.lastAccess());
        assertThat(actual.maxInactive()).as("maxInactive").isEqualTo(expected.maxInactive());
        assertThat(actual.rawBytes()).as("rawBytes").isEqualTo(expected.rawBytes());
        assertThat(actual.storedBytes()).as("storedBytes").isEqualTo(expected.storedBytes());
        assertThat(Arrays.equals(actual.frame(), expected.frame())).as("frame bytes identical (%d bytes)",
                expected.frame().length).isTrue();
    }
}
