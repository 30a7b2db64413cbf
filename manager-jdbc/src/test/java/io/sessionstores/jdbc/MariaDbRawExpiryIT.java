package io.sessionstores.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.sessionstores.core.store.ExpiryBatch;
import io.sessionstores.core.store.SessionStore;
import org.junit.jupiter.api.Test;

import io.sessionstores.testsupport.MariaDbTest;
import io.sessionstores.testsupport.TestServices;

/** Raw expiry and the expiry lease on the real MariaDB of this machine. */
@MariaDbTest
class MariaDbRawExpiryIT extends JdbcRawExpiryContract {

    @Override
    protected String jdbcUrl() {
        return TestServices.mariaDbUrl();
    }

    /**
     * A batch chosen as a deadlock victim (error 1213) is run again rather than
     * failing the pass. Transaction T holds the second expired row and has changed many rows (so
     * InnoDB picks the smaller delete as the victim); the delete locks the first row and waits for
     * the second; T then asks for the first: deadlock.
     */
    @Test
    void deadlockVictimBatchIsRunAgain() throws Exception {
        List<String> expired = new ArrayList<>(writeExpired(store, 2));
        Collections.sort(expired);
        String first = expired.get(0);
        String second = expired.get(1);
        expireEarlier(first); // first in both possible lock orders: (app, id) and (app, expires_at)
        SessionStore heavy = start(app + "~heavy");
        for (int i = 0; i < 200; i++) {
            write(heavy, realNow() + MINUTE);
        }
        long deadlocksBefore = deadlocks();
        try (Connection t = DriverManager.getConnection(jdbcUrl())) {
            t.setAutoCommit(false);
            touchRows(t, app + "~heavy", null);
            touchRows(t, app, second);

            CompletableFuture<ExpiryBatch> batch = CompletableFuture.supplyAsync(() -> deleteBatch(store));
            Thread.sleep(500); // the delete now holds the first row and waits for the second

            touchRows(t, app, first); // deadlock: InnoDB rolls the delete back (1213)
            t.commit();

            ExpiryBatch result = batch.get(30, TimeUnit.SECONDS);
            assertThat(deadlocks()).as("InnoDB deadlocks during the test (the scenario happened)")
                    .isGreaterThan(deadlocksBefore);
            assertThat(result.deleted()).as("expired rows deleted by the batch run again").isEqualTo(2);
        }
    }

    private void expireEarlier(String id) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl());
             PreparedStatement ps = c.prepareStatement("UPDATE " + table() + " SET expires_at = expires_at - 60000"
                     + " WHERE app = ? AND id = ?")) {
            ps.setString(1, app);
            ps.setString(2, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private long deadlocks() throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'")) {
            return rs.next() ? rs.getLong(2) : 0;
        }
    }

    private static ExpiryBatch deleteBatch(SessionStore s) {
        try {
            return s.deleteExpired(ExpiryBatch.FIRST, 10);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Locks and changes the rows of {@code app} (only {@code id} when given) in transaction {@code t}. */
    private void touchRows(Connection t, String appName, String id) throws Exception {
        try (PreparedStatement ps = t.prepareStatement("UPDATE " + table() + " SET version = version + 0,"
                + " last_access = last_access + 1 WHERE app = ?" + (id == null ? "" : " AND id = ?"))) {
            ps.setString(1, appName);
            if (id != null) {
                ps.setString(2, id);
            }
            assertThat(ps.executeUpdate()).as("rows changed by the other transaction").isPositive();
        }
    }
}
