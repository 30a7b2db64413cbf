package io.sessionstores.core.migrate;

import io.sessionstores.core.contract.SessionStoreContract;

import static io.sessionstores.core.contract.SessionStoreContract.T0;
import static io.sessionstores.core.frame.Frames.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;

/** The migration fallback and the copy, on two in-memory stores (the real stores: manager-redis' migration tests). */
class MigratingSessionStoreTest {

    private static final String APP = "/Catalina/localhost/migrate";
    private static final long LIFE = T0 + 30 * 60_000L;

    private final AtomicLong clock = new AtomicLong(T0);
    private InMemorySessionStore oldStore;
    private InMemorySessionStore newStore;
    private MigratingSessionStore store;

    @BeforeEach
    void start() throws Exception {
        InMemorySessionStore.clearAll();
        newStore = new InMemorySessionStore();
        newStore.setName("new");
        newStore.setMigrateFrom(InMemorySessionStore.class.getName());
        newStore.setProperty("migrateFrom.name", "old");
        SessionStore wrapped = Migration.wrap(newStore);
        assertThat(wrapped).isInstanceOf(MigratingSessionStore.class);
        store = (MigratingSessionStore) wrapped;
        store.start(new StoreContext(APP, "test", getClass().getClassLoader(), clock::get));
        oldStore = (InMemorySessionStore) store.source();
    }

    @AfterEach
    void stop() {
        store.stop();
        InMemorySessionStore.clearAll();
    }

    @Test
    void aSessionOnlyInTheOldStoreIsMovedOnRead() throws Exception {
        SessionRecord old = record("A1", 4, LIFE, "cart");
        oldStore.write(old, 0);

        SessionRecord read = store.read("A1");

        assertThat(read.version()).isEqualTo(4);
        assertThat(newStore.read("A1")).as("written into the new store").isNotNull();
        assertThat(oldStore.read("A1")).as("deleted from the old store").isNull();
        assertThat(store.movedOnDemand()).isEqualTo(1);
    }

    @Test
    void writeAndTouchOfASessionOnlyInTheOldStoreMoveItFirst() throws Exception {
        oldStore.write(record("W1", 2, LIFE, "a"), 0);
        oldStore.write(record("T1", 2, LIFE, "b"), 0);

        assertThat(store.write(record("W1", 3, LIFE, "a2"), 2)).as("write on the moved session").isTrue();
        assertThat(store.touch("T1", T0 + 1, LIFE + 60_000)).as("touch on the moved session").isTrue();

        assertThat(newStore.read("W1").version()).isEqualTo(3);
        assertThat(newStore.read("T1").expiresAt()).isEqualTo(LIFE + 60_000);
        assertThat(oldStore.count()).isZero();
    }

    @Test
    void deleteAndChangeIdReachTheOldStoreSoItBringsNothingBack() throws Exception {
        oldStore.write(record("D1", 1, LIFE, "x"), 0);
        newStore.write(record("D1", 1, LIFE, "x"), 0); // moved by the copy, the old copy not yet deleted
        oldStore.write(record("C1", 1, LIFE, "y"), 0);

        store.delete("D1");
        assertThat(store.changeId("C1", "C2")).isTrue();

        assertThat(store.read("D1")).as("deleted session not resurrected from the old store").isNull();
        assertThat(store.read("C1")).as("old id gone from both").isNull();
        assertThat(store.read("C2")).isNotNull();
    }

    @Test
    void copyMovesEverySessionWithItsExpiryKeepsNewerOnesAndIsIdempotent() throws Exception {
        for (int i = 0; i < 25; i++) {
            oldStore.write(record("S" + i, 3, LIFE + i, "v" + i), 0);
        }
        oldStore.write(record("X", 1, T0 + 10, "expired soon"), 0);
        newStore.write(record("S0", 7, LIFE, "newer in the new store"), 0);
        newStore.write(record("S1", 2, LIFE, "older in the new store"), 0);
        clock.set(T0 + 20);

        SessionCopy.Progress first = new SessionCopy.Progress();
        new SessionCopy(oldStore, newStore).run(new SessionCopy.Options(4, Duration.ZERO, null, true, 4), first);

        assertThat(first.done()).isTrue();
        assertThat(first.copied()).as("24 copied, S1 replaced by its newer version").isEqualTo(24);
        assertThat(first.alreadyThere()).isEqualTo(1);
        assertThat(first.expired()).isEqualTo(1);
        assertThat(newStore.read("S0").version()).as("the newer session kept").isEqualTo(7);
        assertThat(newStore.read("S1").version()).as("the older session replaced").isEqualTo(3);
        assertThat(newStore.read("S24").expiresAt()).as("expiry preserved").isEqualTo(LIFE + 24);
        assertThat(oldStore.read("S5")).as("copied sessions leave the old store").isNull();

        SessionCopy.Progress again = new SessionCopy.Progress();
        new SessionCopy(oldStore, newStore).run(new SessionCopy.Options(4, Duration.ZERO, null, true, 4), again);
        assertThat(again.copied()).as("a second run copies nothing").isZero();
    }

    @Test
    void aCopyResumesFromTheCursorOfAStoppedRun() throws Exception {
        for (int i = 0; i < 30; i++) {
            oldStore.write(record(String.format("R%02d", i), 1, LIFE, "v"), 0);
        }
        String afterFirstBatch = oldStore.scan(ScanRequest.all(10)).nextCursor();

        SessionCopy.Progress resumed = new SessionCopy.Progress();
        new SessionCopy(oldStore, newStore).run(new SessionCopy.Options(10, Duration.ZERO, afterFirstBatch, false, 2), resumed);

        assertThat(resumed.done()).isTrue();
        assertThat(resumed.copied()).as("the 20 sessions after the cursor").isEqualTo(20);
        assertThat(newStore.read("R00")).as("before the cursor: not this run's").isNull();
        assertThat(newStore.read("R29")).isNotNull();
    }

    /**
     * A tombstone lives 20 minutes; a copy whose insert would come more than a minute after its
     * read (a long batch, a stalled store) reads the record again first: a session deleted since
     * is not inserted even where no tombstone is left.
     */
    @Test
    void copyReadsAgainARecordScannedMoreThanAMinuteBeforeItsInsert() throws Exception {
        oldStore.write(record("L1", 1, LIFE, "deleted after the scan"), 0);
        oldStore.write(record("L2", 1, LIFE, "kept"), 0);
        long[] calls = {0};
        LongSupplier nanos = () -> {
            if (calls[0]++ == 1) { // the first check after the scan: the session went from the old store
                oldStore.records().remove("L1");
                return 61_000_000_000L;
            }
            return calls[0] == 1 ? 0 : 61_000_000_000L;
        };

        SessionCopy.Progress progress = new SessionCopy.Progress();
        new SessionCopy(oldStore, newStore, nanos).run(new SessionCopy.Options(10, Duration.ZERO, null, true, 1),
                progress);

        assertThat(newStore.read("L1")).as("a session gone from the old store since the scan").isNull();
        assertThat(newStore.read("L2")).as("a session still there, read again").isNotNull();
        assertThat(progress.deletedMeanwhile()).isEqualTo(1);
        assertThat(progress.copied()).isEqualTo(1);
    }

    @Test
    void aMoveWhoseReadOfTheOldStoreTookMoreThanAMinuteInsertsNothing() throws Exception {
        oldStore.write(record("L3", 1, LIFE, "slow"), 0);
        long[] calls = {0};
        MigratingSessionStore slow = new MigratingSessionStore(newStore, oldStore,
                () -> calls[0]++ == 0 ? 0 : 61_000_000_000L);
        slow.start(new StoreContext(APP, "test", getClass().getClassLoader(), clock::get));

        assertThatThrownBy(() -> slow.read("L3")).isInstanceOf(StoreException.class).hasMessageContaining("60000 ms");

        assertThat(newStore.read("L3")).as("nothing inserted").isNull();
        assertThat(oldStore.read("L3")).as("the session stays in the old store").isNotNull();
    }

    @Test
    void anUnknownMigrateFromAttributeIsAConfigurationError() {
        InMemorySessionStore s = new InMemorySessionStore();
        s.setMigrateFrom(InMemorySessionStore.class.getName());
        s.setProperty("migrateFrom.nmae", "old");
        assertThatThrownBy(() -> Migration.wrap(s)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("migrateFrom.nmae").hasMessageContaining("InMemorySessionStore");

        InMemorySessionStore t = new InMemorySessionStore();
        t.setMigrateFrom("com.example.NoSuchStore");
        assertThatThrownBy(() -> Migration.wrap(t)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("migrateFrom").hasMessageContaining("com.example.NoSuchStore");
    }
}
