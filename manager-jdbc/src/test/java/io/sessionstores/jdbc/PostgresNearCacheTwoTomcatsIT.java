package io.sessionstores.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.junit.jupiter.api.AfterAll;

import io.sessionstores.core.it.ContextXml;
import io.sessionstores.core.it.NearCacheTwoTomcatsContract;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.testsupport.TestServices;

/**
 * The near cache's exactness ({@link NearCacheTwoTomcatsContract}) through two real Tomcats on this
 * machine's PostgreSQL (the JDBC store's {@code url}, its change stream by {@code LISTEN/NOTIFY}, the
 * near cache on by default). Two in-JVM nodes cannot both bind a JNDI DataSource (see
 * {@link TomcatNode#startWithNaming}); the {@code jdbc-postgresql} sample's JNDI shape runs in
 * two JVMs in tomcat-conf-samples' {@code PostgresTwoNodesIT}. On Tomcat 10.1 only: the Redis
 * subclass covers the near cache on Tomcat 11.
 */
class PostgresNearCacheTwoTomcatsIT extends NearCacheTwoTomcatsContract {

    static final String TABLE = "ssit_near_cache";
    static final String URL = TestServices.postgresUrl();

    @Override
    protected TomcatNode startNode(String name) {
        return TomcatNode.start("pg-" + name, SessionTestApp.war(ContextXml.sessionStoreManager()
                .store(TestTables.storeElement(URL, TABLE)).xml()));
    }

    @Override
    protected void deleteSessions(String appName) throws Exception {
        try (Connection c = DriverManager.getConnection(URL);
             PreparedStatement delete = c.prepareStatement("DELETE FROM " + TABLE + " WHERE app = ?")) {
            delete.setString(1, appName);
            delete.executeUpdate();
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) { // no table yet: the first node creates it
                throw e;
            }
        }
    }

    @Override
    protected String storeName() {
        return "PostgreSQL";
    }

    @AfterAll
    static void dropTable() throws Exception {
        TestTables.drop(URL, TABLE);
    }
}
