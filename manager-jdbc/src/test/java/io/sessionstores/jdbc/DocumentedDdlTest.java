package io.sessionstores.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.sessionstores.jdbc.dialect.Dialect;
import io.sessionstores.jdbc.dialect.DialectName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The documented DDL (docs/jdbc.md) is the DDL the jar ships, so the documentation cannot drift from it. */
class DocumentedDdlTest {

    @ParameterizedTest
    @EnumSource(value = DialectName.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void documentedDdlIsTheShippedDdl(DialectName dialect) throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "jdbc.md"));

        String shipped = SqlCatalog.schemaText(Dialect.of(dialect), "tomcat_sessions").strip();

        assertThat(docs).as("docs/jdbc.md holds the %s DDL as shipped", dialect).contains(shipped);
    }
}
