package io.sessionstores.jdbc;

import java.util.List;

import io.sessionstores.core.contract.MigrationRaceContract;
import io.sessionstores.core.store.SessionStore;

/**
 * The migration races ({@link MigrationRaceContract}) between two JDBC stores on {@link #sourceUrl()}
 * and {@link #targetUrl()}, each in a table of the test class's own (the new store keeps the
 * tombstones), dropped after each test.
 */
abstract class JdbcMigrationRaceContract extends MigrationRaceContract {

    private final String table;

    /** Races on stores in tables named {@code table}. */
    JdbcMigrationRaceContract(String table) {
        this.table = table;
    }

    /** The old store's database. */
    abstract String sourceUrl();

    /** The new store's database. */
    abstract String targetUrl();

    @Override
    protected SessionStore newSource() {
        return store(sourceUrl());
    }

    @Override
    protected SessionStore newTarget() {
        return store(targetUrl());
    }

    private SessionStore store(String url) {
        JdbcSessionStore s = new JdbcSessionStore();
        s.setUrl(url);
        s.setTableName(table);
        s.setCreateSchema(true);
        return s;
    }

    @Override
    protected void cleanUp(List<SessionStore> sources, List<SessionStore> targets) throws Exception {
        TestTables.drop(sourceUrl(), table);
        TestTables.drop(targetUrl(), table);
    }
}
