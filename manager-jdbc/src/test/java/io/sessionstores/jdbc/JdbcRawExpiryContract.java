package io.sessionstores.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.function.LongSupplier;

import io.sessionstores.core.contract.RawExpiryContract;
import io.sessionstores.core.store.ExpiryBatch;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Raw expiry and the expiry lease of the JDBC store on a real database: the contract, plus
 * bounded batches, the keyset position, and the store's own background deletion switched off
 * while the valve covers it. Each subclass uses tables of its own, dropped before and after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcRawExpiryContract extends RawExpiryContract {

    /** The JDBC URL of the database under test (credentials included). */
    protected abstract String jdbcUrl();

    protected String table() {
        return "ssit_" + getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    @BeforeAll
    @AfterAll
    void dropTables() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl()); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table());
            st.execute("DROP TABLE IF EXISTS " + table() + "_lease");
        }
    }

    @Override
    protected SessionStore createStore(String appName, LongSupplier clock) throws Exception {
        return TestTables.started(jdbcUrl(), table(), 4, appName, getClass(), clock);
    }

    @Test
    void batchesAreBoundedAndTheOtherApplicationsRowsStay() throws Exception {
        writeExpired(store, 25);
        write(store, realNow() + MINUTE);
        SessionStore otherApp = start(app + "-other");
        writeExpired(otherApp, 1);

        ExpiryBatch first = store.deleteExpired(ExpiryBatch.FIRST, 10);
        ExpiryBatch second = store.deleteExpired(first, 10);
        ExpiryBatch third = store.deleteExpired(second, 10);

        assertThat(first.deleted()).as("first batch").isEqualTo(10);
        assertThat(first.done()).as("a full batch leaves more to do").isFalse();
        assertThat(second.deleted()).as("second batch").isEqualTo(10);
        assertThat(third.deleted()).as("last, partial batch").isEqualTo(5);
        assertThat(third.done()).as("a partial batch ends the pass").isTrue();
        assertThat(store.count()).isEqualTo(1);
        assertThat(otherApp.count()).as("another application's rows are not this store's to delete").isEqualTo(1);
    }

    @Test
    void storeDeletesNothingInTheBackgroundWhileTheValveCoversIt() throws Exception {
        writeExpired(store, 3);

        store.setExpiryByValve(true);
        store.backgroundProcess();
        assertThat(store.count()).as("rows left while the valve covers the store").isEqualTo(3);

        store.setExpiryByValve(false);
        store.backgroundProcess();
        assertThat(store.count()).as("rows left by the store's own background expiry").isZero();
    }

    @Test
    void neverExpiringRowsStayWhateverTheClock() throws Exception {
        String never = write(store, SessionRecord.NEVER_EXPIRES);
        skew.set(365L * 24 * 60 * MINUTE);
        pass(store);
        skew.set(0);
        assertThat(store.read(never)).isNotNull();
    }
}
