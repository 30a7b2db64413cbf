package io.sessionstores.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLTransactionRollbackException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.store.ExpiryBatch;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.testsupport.CountingDriver;

/**
 * A statement that the database rolls back as a deadlock victim is run again, not reported as a
 * failed write. On MariaDB a write of a live session and an expiry batch lock the row and the
 * expiry index in opposite orders, so InnoDB picks victims in normal operation: CI saw a write
 * fail with "Deadlock found when trying to get lock" (SQLState 40001) while passes ran
 * ({@code MariaDbRawExpiryIT.sessionRefreshedDuringAPassStays}), and a failed write is a
 * request answered 503. The real race is in that contract suite; here a real H2 database sits
 * behind a wrapper ({@link CountingDriver#wrap}) that makes chosen executions victims, so each path is checked every time.
 */
class DeadlockVictimTest {

    /** Executions still to be refused as deadlock victims. */
    private final AtomicInteger victims = new AtomicInteger();
    /** Statement executions that reached the database or the wrapper. */
    private final AtomicInteger executions = new AtomicInteger();
    private JdbcSessionStore store;

    @BeforeEach
    void start() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:deadlock-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        store = new JdbcSessionStore();
        store.setDataSource(victimising(h2));
        store.setDialect("h2");
        store.setCreateSchema(true);
        store.start(new StoreContext("/Catalina/localhost/deadlock", "deadlock", getClass().getClassLoader(),
                System::currentTimeMillis));
    }

    @AfterEach
    void stop() {
        store.stop();
    }

    @Test
    void writeFailedAsDeadlockVictimDuringExpiryPassIsWrittenInstead() throws Exception {
        assertThat(store.write(record("A1", 1), 0)).isTrue();
        victims.set(1);
        executions.set(0);

        assertThat(store.write(record("A1", 2), 1)).as("the victim's write, run again").isTrue();

        assertThat(victims).as("the victim was refused").hasValue(0);
        assertThat(store.read("A1").version()).isEqualTo(2);
        assertThat(store.write(record("A1", 3), 1)).as("the write happened once: version 1 is gone").isFalse();
    }

    @Test
    void expiryBatchChosenAsVictimRunsAgain() throws Exception {
        long expired = System.currentTimeMillis() - 10 * 60_000;
        for (int i = 0; i < 3; i++) {
            assertThat(store.write(new SessionRecord("E" + i, new byte[] {1}, 1, expired, expired, 60, 1), 0)).isTrue();
        }
        victims.set(1);

        assertThat(store.deleteExpired(ExpiryBatch.FIRST, 100).deleted()).isEqualTo(3);
        assertThat(victims).hasValue(0);
    }

    @Test
    void changeIdInOneTransactionChosenAsVictimRunsAgainWhole() throws Exception {
        assertThat(store.write(record("OLD", 1), 0)).isTrue();
        victims.set(1);

        assertThat(store.changeIdLeavingTombstone("OLD", "NEW", System.currentTimeMillis() + 60_000)).isTrue();

        assertThat(victims).hasValue(0);
        assertThat(store.read("NEW")).as("the record under its new id").isNotNull();
        assertThat(store.read("OLD")).as("nothing live under the old id").isNull();
    }

    @Test
    void aStatementThatIsAVictimEveryTimeFailsAfterFiveExecutions() throws Exception {
        assertThat(store.write(record("A1", 1), 0)).isTrue();
        victims.set(Integer.MAX_VALUE);
        executions.set(0);

        assertThatThrownBy(() -> store.write(record("A1", 2), 1)).isInstanceOf(StoreException.class)
                .hasRootCauseInstanceOf(SQLTransactionRollbackException.class);
        assertThat(executions).as("executions of the one write statement").hasValue(Sql.DEADLOCK_ATTEMPTS);
        victims.set(0);
        assertThat(store.read("A1").version()).isEqualTo(1);
    }

    private static SessionRecord record(String id, long version) {
        long now = System.currentTimeMillis();
        return new SessionRecord(id, new byte[] {(byte) version}, version, now + 60_000, now, 60, 1);
    }

    /** {@code real}, whose statement executions fail as deadlock victims while {@link #victims} lasts. */
    private DataSource victimising(DataSource real) {
        return CountingDriver.wrap(real, sql -> {
            executions.incrementAndGet();
            if (victims.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
                throw new SQLTransactionRollbackException(
                        "Deadlock found when trying to get lock; try restarting transaction", "40001", 1213);
            }
        });
    }
}
