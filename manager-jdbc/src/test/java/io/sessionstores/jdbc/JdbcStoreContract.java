package io.sessionstores.jdbc;

import static io.sessionstores.core.frame.Frames.body;
import static io.sessionstores.core.frame.Frames.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessionstores.core.contract.SessionStoreContract;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.testsupport.CountingDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The store contract, plus what only a SQL store has (size columns, NULL for "never expires",
 * bounded raw expiry), against a real database. Each subclass uses a table of its own, dropped
 * before and after, so engineers and test classes sharing a database never collide.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcStoreContract extends SessionStoreContract {

    private static final long MINUTE = 60_000L;

    /** The JDBC URL of the database under test (credentials included). */
    protected abstract String jdbcUrl();

    /** The dialect name the store must detect on this database. */
    protected abstract String expectedDialect();

    protected String table() {
        return "ssit_" + getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    @BeforeAll
    void dropTableBefore() throws SQLException {
        dropTable();
    }

    @AfterAll
    void dropTableAfter() throws SQLException {
        dropTable();
    }

    private void dropTable() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl()); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table());
        }
    }

    @Override
    protected SessionStore createStore(String appName, LongSupplier clock) throws Exception {
        return TestTables.started(jdbcUrl(), table(), 10, appName, getClass(), clock);
    }

    private JdbcSessionStore jdbcStore() {
        return (JdbcSessionStore) store;
    }

    @Test
    void dialectIsDetectedFromTheDatabase() {
        assertThat(jdbcStore().dialectInUse()).as("dialect detected at start").hasToString(expectedDialect());
    }

    @Test
    void sizeColumnsAreRecordedAndNeverExpiringIsNull() throws Exception {
        store.write(record("S1", 1, T0 + 60_000, new byte[700], 2100), 0);
        store.write(record("S2", 1, SessionRecord.NEVER_EXPIRES, new byte[10], 54), 0);

        try (Connection c = DriverManager.getConnection(jdbcUrl());
             PreparedStatement ps = c.prepareStatement("SELECT id, stored_bytes, raw_bytes, expires_at FROM " + table()
                     + " WHERE app = ? ORDER BY id")) {
            ps.setString(1, app);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(2)).as("stored_bytes of S1").isEqualTo(744);
                assertThat(rs.getInt(3)).as("raw_bytes of S1").isEqualTo(2100);
                assertThat(rs.getLong(4)).as("expires_at of S1").isEqualTo(T0 + 60_000);
                assertThat(rs.next()).isTrue();
                rs.getLong(4);
                assertThat(rs.wasNull()).as("expires_at of a never-expiring session is NULL").isTrue();
            }
        }
    }

    /**
     * The store's own deletion used to remove a row as soon as it expired, before
     * the node holding the session could expire it with its listeners (compare-and-delete).
     */
    @Test
    void storeDeletionKeepsAnExpiredRowForTheGraceSoTheHoldingNodeFiresListeners() throws Exception {
        store.write(record("GX", 4, T0 + 1000, "expired, within the grace"), 0);
        clock.set(T0 + 1000 + SessionStore.EXPIRED_RECORD_GRACE_MILLIS - 1);

        store.backgroundProcess();

        assertThat(store.read("GX")).as("an expired row is never read").isNull();
        assertThat(store.deleteIfVersion("GX", 4)).as("the holding node's compare-and-delete still finds the row")
                .isTrue();
    }

    @Test
    void changeIdOverAnExpiredLeftoverReplacesItAndOverALiveRecordFails() throws Exception {
        store.write(record("OLD", 3, T0 + 3_600_000, "moving"), 0);
        store.write(record("LEFTOVER", 1, T0 + 1000, "expired"), 0);
        store.write(record("TAKEN", 1, T0 + 3_600_000, "live"), 0);
        clock.set(T0 + 2000);

        assertThat(store.changeId("OLD", "LEFTOVER")).as("changeId onto an expired leftover").isTrue();
        assertThat(body(store.read("LEFTOVER"))).as("the moved session replaced the leftover")
                .isEqualTo("moving".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThatThrownBy(() -> store.changeId("LEFTOVER", "TAKEN")).as("changeId onto a live session")
                .isInstanceOf(io.sessionstores.core.store.StoreException.class)
                .hasMessageNotContaining("TAKEN").hasMessageNotContaining("LEFTOVER");
        assertThat(body(store.read("TAKEN"))).as("the live session is untouched")
                .isEqualTo("live".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(store.read("LEFTOVER")).as("the session that could not move stays").isNotNull();
    }

    @Test
    void touchThatChangesNoColumnStillFindsTheSession() throws Exception {
        SessionRecord s = record("T1", 2, T0 + 30 * MINUTE, "touched twice");
        store.write(s, 0);

        assertThat(store.touch("T1", s.lastAccess(), s.expiresAt())).as("touch with the stored values").isTrue();
        assertThat(store.touch("T1", s.lastAccess() - 1, s.expiresAt() - 1)).as("touch with older values").isTrue();
        assertSameRecord(store.read("T1"), s);
    }

    @Test
    void rowWithAFrameAndRecordVersionZeroIsCorruptNotAStoreError() throws Exception {
        SessionRecord s = record("V0", 1, T0 + 30 * MINUTE, "version zero");
        try (Connection c = DriverManager.getConnection(jdbcUrl());
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + table() + " (app, id, data, version, expires_at,"
                     + " last_access, max_inactive, stored_bytes, raw_bytes) VALUES (?, ?, ?, 0, ?, ?, 1800, ?, ?)")) {
            ps.setString(1, app);
            ps.setString(2, "V0");
            ps.setBytes(3, s.frame());
            ps.setLong(4, s.expiresAt());
            ps.setLong(5, s.lastAccess());
            ps.setInt(6, s.storedBytes());
            ps.setInt(7, s.rawBytes());
            ps.executeUpdate();
        }
        long before = jdbcStore().getCorruptFrames();

        assertThat(store.read("V0")).as("a row whose record version is 0").isNull();
        assertThat(jdbcStore().getCorruptFrames() - before).as("counted as corrupt").isEqualTo(1);
    }

    @Test
    void writesAreCommittedWhenThePoolDefaultsToAutoCommitOff() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl());
        config.setAutoCommit(false);
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbcSessionStore s = new JdbcSessionStore();
            s.setDataSource(pool);
            s.setTableName(table());
            s.start(new StoreContext(app, "autocommit", getClass().getClassLoader(), clock::get));
            try {
                assertThat(s.write(record("AC", 1, T0 + 30 * MINUTE, "committed"), 0)).isTrue();
                assertThat(s.touch("AC", T0 + MINUTE, T0 + 31 * MINUTE)).isTrue();
            } finally {
                s.stop();
            }
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl());
             PreparedStatement ps = c.prepareStatement("SELECT expires_at FROM " + table() + " WHERE app = ? AND id = ?")) {
            ps.setString(1, app);
            ps.setString(2, "AC");
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("the write, seen from another connection").isTrue();
                assertThat(rs.getLong(1)).as("the touch, seen from another connection").isEqualTo(T0 + 31 * MINUTE);
            }
        }
    }

    @Test
    void startDoesNotCountTheTable() throws Exception {
        List<String> statements = new CopyOnWriteArrayList<>();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl());
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbcSessionStore s = new JdbcSessionStore();
            s.setDataSource(CountingDriver.wrap(pool, statements::add));
            s.setTableName(table());
            s.setCreateSchema(true);
            s.start(new StoreContext(app, "count", getClass().getClassLoader(), clock::get));
            s.stop();
        }
        assertThat(statements).as("SQL run at start").isNotEmpty()
                .noneMatch(sql -> sql.toUpperCase(Locale.ROOT).contains("COUNT("));
    }
}
