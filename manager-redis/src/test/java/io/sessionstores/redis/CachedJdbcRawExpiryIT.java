package io.sessionstores.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import io.sessionstores.core.contract.RawExpiryContract;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.testsupport.TestServices;

/**
 * Raw expiry and the expiry lease of the cached-JDBC store: PostgreSQL deletes, with the shared
 * Redis in front (hash mode). The valve's deletion leaves the cache alone, which every cache read
 * checks against the record's expiry, so the contract's reads see what the database holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CachedJdbcRawExpiryIT extends RawExpiryContract {

    private CachedJdbcFixture fixture;
    /** The nodes of one application share its Redis keys, as a cluster's nodes do. */
    private final Map<String, String> prefixes = new ConcurrentHashMap<>();

    @BeforeAll
    void createFixture() throws Exception {
        fixture = new CachedJdbcFixture("ssit_cachedjdbcrawexpiry");
    }

    @AfterAll
    void removeFixture() throws Exception {
        fixture.close();
    }

    @Override
    protected SessionStore createStore(String appName, LongSupplier clock) throws Exception {
        return fixture.start(appName, clock, TestServices.postgresUrl(), StoreFixture.SHARED_REDIS, "hash",
                prefixes.computeIfAbsent(appName, app -> StoreFixture.uniquePrefix()));
    }
}
