package io.sessionstores.redis;

import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import io.sessionstores.core.contract.UserIndexContract;
import io.sessionstores.core.store.SessionStore;

/** The user index of the cached-JDBC store (its database's): PostgreSQL with the shared Redis in front (hash mode). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CachedJdbcUserIndexIT extends UserIndexContract {

    private CachedJdbcFixture fixture;

    @BeforeAll
    void createFixture() throws Exception {
        fixture = new CachedJdbcFixture("ssit_cachedjdbcusers");
    }

    @AfterAll
    void removeFixture() throws Exception {
        fixture.close();
    }

    @Override
    protected SessionStore createStore(String appName, LongSupplier clock) throws Exception {
        return fixture.start(appName, clock);
    }

    /** 2,000: the PostgreSQL index, run 10,000 times by PostgresUserIndexIT. */
    @Override
    protected int randomOperations() {
        return 2_000;
    }
}
