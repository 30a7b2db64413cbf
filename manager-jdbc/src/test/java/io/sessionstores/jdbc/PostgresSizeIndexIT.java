package io.sessionstores.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.jdbc.dialect.Dialect;
import io.sessionstores.jdbc.dialect.DialectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sessionstores.testsupport.TestServices;

/**
 * The size filter of the analysis is an index range on PostgreSQL, not a table scan: the plans of
 * the shipped scan statements, on a table of 100,000 analysed rows of which few are big.
 */
class PostgresSizeIndexIT {

    private static final String TABLE = "ssit_size_index";
    private static final String APP = "/Catalina/localhost/size-index";
    private static SqlCatalog catalog;

    @BeforeAll
    static void fillAndAnalyze() throws Exception {
        catalog = SqlCatalog.load(Dialect.of(DialectName.POSTGRESQL), TABLE);
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl());
             Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
            for (String ddl : catalog.schema()) {
                st.execute(ddl);
            }
            st.execute("INSERT INTO " + TABLE + " (app, id, expires_at, last_access, max_inactive, version,"
                    + " stored_bytes, raw_bytes, data) SELECT CASE WHEN i % 10 = 0 THEN 'other' ELSE '" + APP + "' END,"
                    + " md5(i::text), 1, 1, 1800, 1, 200, CASE WHEN i % 500 = 0 THEN 20000 + i ELSE 150 + i % 900 END,"
                    + " '\\x00'::bytea FROM generate_series(1, 100000) i");
            st.execute("ANALYZE " + TABLE);
        }
    }

    @AfterAll
    static void dropTable() throws Exception {
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl());
             Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
        }
    }

    /**
     * The plan of a shipped statement with these values: the PostgreSQL driver renders a prepared
     * statement with its values bound ({@code toString}), which is what a custom plan sees.
     */
    private static String plan(String statement, ScanRequest request) throws Exception {
        Map<String, Object> values = new HashMap<>(JdbcScan.values(APP, request));
        StringBuilder plan = new StringBuilder();
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl());
             PreparedStatement ps = catalog.statement(statement).prepare(c, values, 30);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("EXPLAIN " + ps)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    @Test
    void biggerThanIsAnIndexRangeOfTheRawSizeIndex() throws Exception {
        String plan = plan("scanBiggerStart", new ScanRequest(null, 5000, 10_240));

        assertThat(plan).as("plan of the first size batch: few big rows, an index range")
                .contains("Index Cond").contains(TABLE + "_raw_size").doesNotContain("Seq Scan");
    }

    /** With more matching rows than the batch, the walk reads the index in order: no sort of the matches. */
    @Test
    void aBatchOfManyMatchesReadsTheIndexInOrder() throws Exception {
        String plan = plan("scanBiggerFrom", new ScanRequest("s300:0123", 100, 0));

        assertThat(plan).as("plan of a size batch among 90,000 matching rows")
                .contains("Index Scan using " + TABLE + "_raw_size").doesNotContain("Seq Scan").doesNotContain("Sort");
    }

    @Test
    void aLaterSizeBatchIsAnIndexRangeToo() throws Exception {
        String plan = plan("scanBiggerFrom", new ScanRequest("s20500:0123", 5000, 10_240));

        assertThat(plan).as("plan of a later size batch").contains("Index Cond").contains(TABLE + "_raw_size")
                .doesNotContain("Seq Scan");
    }

    @Test
    void aWholeWalkGoesByThePrimaryKey() throws Exception {
        String plan = plan("scanFrom", new ScanRequest("i8", 5000, -1));

        assertThat(plan).as("plan of a batch of the id walk").contains(TABLE + "_pkey").doesNotContain("Seq Scan")
                .doesNotContain("Sort");
    }
}
