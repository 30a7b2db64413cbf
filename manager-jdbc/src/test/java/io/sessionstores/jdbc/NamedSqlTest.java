package io.sessionstores.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamedSqlTest {

    @Test
    void namedParametersBecomePlaceholdersInOrderRepeatsIncluded() {
        NamedSql sql = NamedSql.parse("x", "UPDATE t SET a = :a, b = GREATEST(b, :b) WHERE id = :id AND a <> :a");

        assertThat(sql.sql()).isEqualTo("UPDATE t SET a = ?, b = GREATEST(b, ?) WHERE id = ? AND a <> ?");
    }
}
