package io.sessionstores.redis;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.junit.jupiter.api.AfterAll;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import io.sessionstores.core.it.ContextXml;
import io.sessionstores.core.it.NearCacheTwoTomcatsContract;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.testsupport.TestServices;

/**
 * The near cache's exactness ({@link NearCacheTwoTomcatsContract}) through two real Tomcats on the
 * cached-JDBC store: this machine's PostgreSQL (the truth) with the shared Redis in front, whose
 * channel carries every change ({@link CachedJdbcChangeStream}); the near cache on by default. On
 * Tomcat 10.1 only (untagged: manager-redis's second failsafe pass runs the {@code tomcat} tag on
 * 11), as the Redis and PostgreSQL subclasses run once each.
 */
class CachedJdbcNearCacheTwoTomcatsIT extends NearCacheTwoTomcatsContract {

    static final String TABLE = "ssit_cached_near";
    static final String PREFIX = StoreFixture.uniquePrefix();

    @Override
    protected TomcatNode startNode(String name) {
        return TomcatNode.start("cached-" + name, SessionTestApp.war(ContextXml.sessionStoreManager()
                .store(CachedJdbcFixture.storeElement(TABLE, PREFIX)).xml()));
    }

    @Override
    protected void deleteSessions(String appName) throws Exception {
        for (String table : new String[] {TABLE, TABLE + "_evictions"}) {
            try (Connection c = DriverManager.getConnection(TestServices.postgresUrl());
                 PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE app = ?")) {
                delete.setString(1, appName);
                delete.executeUpdate();
            } catch (SQLException e) {
                if (!"42P01".equals(e.getSQLState())) { // no table yet: the first node creates it
                    throw e;
                }
            }
        }
        Config config = new Config();
        config.useSingleServer().setAddress(StoreFixture.SHARED_REDIS);
        RedissonClient client = Redisson.create(config);
        try {
            client.getKeys().deleteByPattern(PREFIX + "*");
        } finally {
            client.shutdown();
        }
    }

    @Override
    protected String storeName() {
        return "cached-JDBC";
    }

    @AfterAll
    static void dropTables() throws Exception {
        CachedJdbcFixture.dropTables(TestServices.postgresUrl(), TABLE);
    }
}
