package io.sessionstores.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.sessionstores.jdbc.dialect.Dialect;
import io.sessionstores.jdbc.dialect.DialectName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every dialect ships every statement and its DDL, with the table name substituted. */
class SqlCatalogTest {

    private static final List<String> STATEMENTS = List.of("read", "insertNew", "replaceExpired", "update", "touch",
            "changeId", "deleteIfExpired", "delete", "deleteIfVersion", "count", "deleteExpired", "leaseTake", "leaseInsert", "leaseRelease", "leaseHolder", "exists", "probe",
            "pendingEvictionAdd", "pendingEvictionList", "pendingEvictionClear");

    @ParameterizedTest
    @EnumSource(DialectName.class)
    void everyStatementAndTheSchemaArePresent(DialectName name) {
        SqlCatalog catalog = SqlCatalog.load(Dialect.of(name), "web.my_sessions");

        for (String statement : STATEMENTS) {
            String sql = catalog.statement(statement).sql();
            assertThat(sql).as("%s of %s", statement, name).contains("web.my_sessions").doesNotContain("${")
                    .doesNotContainPattern(":[a-zA-Z]");
        }
        assertThat(catalog.schema()).as("DDL of %s", name).isNotEmpty()
                .anySatisfy(ddl -> assertThat(ddl).startsWith("CREATE TABLE IF NOT EXISTS web.my_sessions"))
                .allSatisfy(ddl -> assertThat(ddl.replace("web.my_sessions_lease", "").replace("web.my_sessions_evictions", "")).doesNotContain("${")
                        .doesNotContain("web.my_sessions_"));
    }

    /** A dialect that walks by pages ships the three statements of that walk (with the head variant). */
    @ParameterizedTest
    @EnumSource(DialectName.class)
    void aDialectThatScansByPagesShipsItsStatements(DialectName name) {
        Dialect dialect = Dialect.of(name);
        SqlCatalog catalog = SqlCatalog.load(dialect, "web.my_sessions");

        assertThat(dialect.scansByPages()).as("walks by pages: %s", name).isEqualTo(name == DialectName.POSTGRESQL);
        if (dialect.scansByPages()) {
            for (String statement : List.of("scanPagesPlan", "scanPages", "scanPagesHead", "scanPagesEnd")) {
                assertThat(catalog.statement(statement).sql()).as("%s of %s", statement, name)
                        .contains("web.my_sessions").doesNotContain("${").doesNotContainPattern(":[a-zA-Z]");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DialectName.class)
    void dialectsAreDetectedFromProductNames(DialectName name) {
        String product = switch (name) {
            case H2 -> "H2";
            case POSTGRESQL -> "PostgreSQL";
            case MARIADB -> "MariaDB";
            case MYSQL -> "MySQL";
        };
        assertThat(Dialect.detect(product)).as("dialect for %s", product).contains(Dialect.of(name));
        String url = "jdbc:" + name.name().toLowerCase(java.util.Locale.ROOT) + "://db/x";
        assertThat(Dialect.forUrl(url)).as("dialect for %s", url).contains(Dialect.of(name));
    }
}
