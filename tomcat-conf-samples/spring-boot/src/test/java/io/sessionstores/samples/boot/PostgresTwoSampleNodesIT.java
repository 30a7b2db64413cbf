package io.sessionstores.samples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.sessionstores.testsupport.TestServices;

/**
 * The sample with the JDBC store on PostgreSQL through the application's own DataSource
 * ({@code spring.datasource.url}: no JNDI, no pool of the store's), in a table of this test's own.
 */
class PostgresTwoSampleNodesIT extends AbstractTwoSampleNodesIT {

    private final String table = "ssboot_it_" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    List<String> storeArguments() {
        return List.of("--spring.datasource.url=" + TestServices.postgresUrl(), "--session-stores.store=jdbc",
                "--session-stores.jdbc.table-name=" + table, "--session-stores.jdbc.create-schema=true",
                "--session-stores.manager.max-save-retries=5");
    }

    @Override
    long storedSessions() throws Exception {
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl());
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    @AfterAll
    void dropTable() throws Exception {
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl()); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table + ", " + table + "_evictions, " + table + "_lease");
        }
    }

    @Test
    void theStoreUsesTheApplicationsDataSource() throws Exception {
        assertThat(a.output()).contains("dataSource=(set in code)").contains("tableName=" + table);
        long before = storedSessions();
        logIn(new Browser(), b, a);
        assertThat(storedSessions()).isGreaterThan(before);
    }

    @Test
    void aBadManagerPropertyFromTheEnvironmentStopsTheApplicationNamingTheProperty() throws Exception {
        try (SampleNode bad = SampleNode.launch("PostgresTwoSampleNodesIT-bad-property", contextPath, storeArguments(),
                java.util.Map.of("SESSIONSTORES_MANAGER_SAVEMODE", "sometimes"))) {
            assertThat(bad.awaitExit()).isNotZero();
            assertThat(bad.output()).contains("Invalid value 'sometimes' for attribute 'session-stores.manager.save-mode'",
                    "digest");
        }
    }
}
