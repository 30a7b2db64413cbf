package io.sessionstores.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.sessionstores.core.it.InContainerTest;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.TomcatNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Each JDBC sample, deployed as it is (its context.xml is the test web application's), on a real
 * Tomcat with JNDI: its {@code <Resource>} and Manager start, a session is stored in the database
 * and survives a Tomcat restart. Only the {@code ${...}} settings differ from the defaults: a
 * table of this test's own, and the H2 file under target/.
 */
@Tag(InContainerTest.TAG)
class JdbcSamplesIT {

    private final String table = Samples.table(getClass());

    @Test
    void h2SampleKeepsSessionsAcrossARestart() throws Exception {
        Path dir = Samples.testDir("h2-sample");
        String url = "jdbc:h2:file:" + dir.resolve("db/sessions");
        sessionSurvivesRestart("jdbc-h2", url + ";USER=sa", Map.of("sessionstores.h2.url", url));
    }

    @Test
    void postgresqlSampleKeepsSessionsAcrossARestart() throws Exception {
        sessionSurvivesRestart("jdbc-postgresql", Samples.postgresUrl(),
                Map.of("sessionstores.pg.url", Samples.postgresUrl()));
    }

    @Test
    void mariadbSampleKeepsSessionsAcrossARestart() throws Exception {
        sessionSurvivesRestart("jdbc-mariadb", Samples.mariaDbUrl(),
                Map.of("sessionstores.mariadb.url", Samples.mariaDbUrl()));
    }

    private void sessionSurvivesRestart(String sample, String jdbcUrl, Map<String, String> settings) throws Exception {
        drop(jdbcUrl);
        try (SystemProperties ignored = SystemProperties.set(settings, Map.of("sessionstores.table", table));
             TomcatNode node = TomcatNode.startWithNaming(sample, SessionTestApp.war(Samples.contextXml(sample)))) {
            SessionClient client = new SessionClient(node.baseUri());
            String id = client.get("session/create").id();
            client.get("session/set?name=sample&value=" + sample);

            node.restart();

            SessionClient.Response after = client.get("session/get");
            assertThat(after.status()).as("session after a Tomcat restart with %s: %s", sample, after).isEqualTo(200);
            assertThat(after.id()).isEqualTo(id);
            assertThat(after.attribute("sample")).as("attribute after the restart").isEqualTo(sample);
            node.stop();
            assertThat(rows(jdbcUrl, node.appName())).as("rows of %s in %s", node.appName(), table).isEqualTo(1);
        } finally {
            drop(jdbcUrl);
        }
    }

    private long rows(String jdbcUrl, String app) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE app = ?")) {
            ps.setString(1, app);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void drop(String jdbcUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
        }
    }
}
