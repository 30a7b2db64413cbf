package io.sessionstores.jdbc;

import java.util.regex.Pattern;

import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.config.ConfigException;
import io.sessionstores.jdbc.dialect.DialectName;

/**
 * The JDBC store's configuration, validated and frozen at start: the running store reads only
 * this. Secrets never leave it in clear ({@link #toString()} masks them).
 *
 * @param dataSourceName JNDI name of a {@code javax.sql.DataSource}, or {@code null}
 * @param url            JDBC URL for the store's own pool, or {@code null}
 * @param user           database user for {@code url}, or {@code null}
 * @param password       database password for {@code url}, or {@code null}
 * @param dialect        the configured dialect, or {@code null} to detect it from the database
 * @param tableName      the table, a plain SQL identifier, optionally schema-qualified
 * @param createSchema   whether to create the table and its indexes when missing
 * @param queryTimeout   seconds one statement may take
 * @param connectionTimeout milliseconds to wait for a connection from the store's own pool
 * @param maxPoolSize    connections in the store's own pool at most
 * @param expiredBatchSize rows deleted per statement by the background expiry, 0 for none
 */
record JdbcStoreSettings(String dataSourceName, String url, String user, String password, DialectName dialect,
                         String tableName, boolean createSchema, int queryTimeout, int connectionTimeout,
                         int maxPoolSize, int expiredBatchSize) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");

    /**
     * Validates raw attribute values.
     *
     * @param programmatic whether a DataSource was handed over in code ({@code setDataSource})
     * @throws ConfigException naming the attribute, the bad value and what is allowed
     */
    static JdbcStoreSettings validate(JdbcSessionStore s, boolean programmatic) {
        String jndi = blankToNull(s.getDataSourceName());
        String url = blankToNull(s.getUrl());
        if (jndi != null && url != null) {
            throw new ConfigException("url", mask(url), "set either dataSourceName (a JNDI DataSource) or url, not both");
        }
        if (jndi == null && url == null && !programmatic) {
            throw new ConfigException("dataSourceName", "",
                    "required: the JNDI name of a javax.sql.DataSource (e.g. jdbc/sessions), or set url instead");
        }
        String dialect = blankToNull(s.getDialect());
        return new JdbcStoreSettings(jndi, url, blankToNull(s.getUser()), s.getPassword(),
                dialect == null ? null : ConfigCheck.oneOf("dialect", dialect, DialectName.class),
                tableName(s.getTableName()), s.isCreateSchema(),
                ConfigCheck.range("queryTimeout", s.getQueryTimeout(), 1, 3600),
                ConfigCheck.range("connectionTimeout", s.getConnectionTimeout(), 250, 600_000),
                ConfigCheck.range("maxPoolSize", s.getMaxPoolSize(), 1, 1000),
                ConfigCheck.range("expiredBatchSize", s.getExpiredBatchSize(), 0, 100_000));
    }

    private static String tableName(String value) {
        String name = ConfigCheck.required("tableName", value, "a table name such as tomcat_sessions");
        String[] parts = name.split("\\.", -1);
        boolean ok = parts.length <= 2;
        for (String part : parts) {
            ok &= IDENTIFIER.matcher(part).matches();
        }
        if (!ok) {
            throw new ConfigException("tableName", value, "allowed is a plain identifier (letters, digits, _; "
                    + "not starting with a digit; at most 63 characters), optionally schema.table");
        }
        return name;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** {@code url} with any {@code password=...} parameter masked. */
    static String mask(String url) {
        return url == null ? null : PASSWORD_IN_URL.matcher(url).replaceAll("$1****");
    }

    /** The effective configuration for the start log line; secrets masked. */
    @Override
    public String toString() {
        String source = dataSourceName != null ? "dataSourceName=" + dataSourceName
                : url != null ? "url=" + mask(url) + ", user=" + user + ", password=" + (password == null ? "" : "****")
                + ", connectionTimeout=" + connectionTimeout + "ms, maxPoolSize=" + maxPoolSize
                : "dataSource=(set in code)";
        return source + ", dialect=" + (dialect == null ? "(detect)" : dialect.name().toLowerCase(java.util.Locale.ROOT))
                + ", tableName=" + tableName + ", createSchema=" + createSchema + ", queryTimeout=" + queryTimeout + "s"
                + ", expiredBatchSize=" + expiredBatchSize;
    }
}
