package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sessionstores.core.contract.StoreJmxContract;
import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.store.SessionStore;

/** The cached-JDBC store in JMX beside its Manager, with its database's expired-row deletion's figures. */
class CachedJdbcStoreJmxIT extends StoreJmxContract {

    private static final String TABLE = "ssit_cached_store_jmx";
    private final String prefix = StoreFixture.uniquePrefix();

    @Override
    protected String storeElement() {
        return CachedJdbcFixture.storeElement(TABLE, prefix);
    }

    @Override
    protected Class<? extends SessionStore> storeClass() {
        return CachedJdbcSessionStore.class;
    }

    @Override
    protected Map<String, String> undisclosed() {
        return Map.of("size", "a COUNT(*) of the whole table", "manager", "not a simple value",
                "migrateFromAttributes", "the old store's attributes, a password among them");
    }

    @Override
    protected String frozenStoreAttribute() {
        return "cacheBackoffMillis";
    }

    @Override
    protected void cleanUp(SessionStore store) throws Exception {
        CachedJdbcFixture.deleteSessions(store, TABLE);
    }

    @Override
    protected String nodeName() {
        return "cached-store";
    }

    /**
     * The store's expiry figures are its database's: they stayed at zero (and were not in JMX)
     * while the database deleted expired rows on every background run.
     */
    @Test
    void expiryFiguresAreTheDatabasesDeletionNotFiguresThatNeverMove() throws Exception {
        try (CachedJdbcFixture fixture = new CachedJdbcFixture("ssit_cached_sweep_figures")) {
            CachedJdbcSessionStore store = fixture.start("/Catalina/localhost/sweep-figures", System::currentTimeMillis);
            long now = System.currentTimeMillis();
            store.write(Frames.record("0123456789ABCDEF0123456789ABCDEF", 1, now - 600_000,
                    "expired ten minutes ago"), 0);

            store.backgroundProcess();

            assertThat(store.getSweepRuns()).as("runs of the database's deletion").isEqualTo(1);
            assertThat(store.getSweepDeleted()).as("expired sessions deleted").isEqualTo(1);
            assertThat(store.getSweepLastRun()).as("last run").isNotEmpty();
            assertThat(store.getSweepErrors()).as("failed runs").isZero();
        }
    }
}
