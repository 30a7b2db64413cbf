package io.sessionstores.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionstores.core.config.ConfigException;
import io.sessionstores.jdbc.dialect.DialectName;
import org.junit.jupiter.api.Test;

/** Bad attribute values fail start with a message naming the attribute, the value and what is allowed. */
class JdbcStoreSettingsTest {

    private final JdbcSessionStore store = new JdbcSessionStore();

    private JdbcStoreSettings validate() {
        return JdbcStoreSettings.validate(store, false);
    }

    @Test
    void aConnectionSourceIsRequired() {
        assertThatThrownBy(this::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'dataSourceName'").hasMessageContaining("or set url");
    }

    @Test
    void dataSourceNameAndUrlExcludeEachOther() {
        store.setDataSourceName("jdbc/sessions");
        store.setUrl("jdbc:h2:mem:x;password=hunter2");
        assertThatThrownBy(this::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'url'").hasMessageContaining("not both").hasMessageNotContaining("hunter2");
    }

    @Test
    void tableNameMustBeAPlainIdentifier() {
        store.setDataSourceName("jdbc/sessions");
        for (String bad : new String[] {"sessions; DROP TABLE users", "1sessions", "a.b.c", "s\"x", "x".repeat(64)}) {
            store.setTableName(bad);
            assertThatThrownBy(this::validate).as("tableName %s", bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("'tableName'").hasMessageContaining("plain identifier");
        }
        store.setTableName("web.tomcat_sessions");
        assertThat(validate().tableName()).isEqualTo("web.tomcat_sessions");
    }

    @Test
    void dialectIsOneOfTheKnownOnesOrDetected() {
        store.setDataSourceName("jdbc/sessions");
        assertThat(validate().dialect()).as("no dialect: detect").isNull();
        store.setDialect("MySQL");
        assertThat(validate().dialect()).isEqualTo(DialectName.MYSQL);
        store.setDialect("oracle");
        assertThatThrownBy(this::validate).isInstanceOf(ConfigException.class).hasMessageContaining("'dialect'")
                .hasMessageContaining("'oracle'").hasMessageContaining("h2, postgresql, mariadb, mysql");
    }

    @Test
    void timeoutsAndPoolSizeAreBounded() {
        store.setDataSourceName("jdbc/sessions");
        store.setQueryTimeout(0);
        assertThatThrownBy(this::validate).hasMessageContaining("'queryTimeout'").hasMessageContaining("1 to 3600");
        store.setQueryTimeout(5);
        store.setConnectionTimeout(10);
        assertThatThrownBy(this::validate).hasMessageContaining("'connectionTimeout'");
        store.setConnectionTimeout(5000);
        store.setMaxPoolSize(0);
        assertThatThrownBy(this::validate).hasMessageContaining("'maxPoolSize'");
        store.setMaxPoolSize(10);
        store.setExpiredBatchSize(-1);
        assertThatThrownBy(this::validate).hasMessageContaining("'expiredBatchSize'").hasMessageContaining("0 to 100000");
    }

    @Test
    void secretsAreMaskedInTheLoggedConfiguration() {
        store.setUrl("jdbc:postgresql://db/test?user=app&password=hunter2&ssl=true");
        store.setPassword("s3cret");
        String logged = validate().toString();
        assertThat(logged).doesNotContain("hunter2").doesNotContain("s3cret")
                .contains("password=****&ssl=true").contains("tableName=tomcat_sessions");
    }
}
