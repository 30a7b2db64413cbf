package io.sessionstores.jdbc;

import java.util.Map;
import java.util.Set;

import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.config.OptionValues;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreFactory;

/**
 * The JDBC store for the {@code analyze} command line: {@code --jdbc-url} (required),
 * {@code --jdbc-user}, {@code --jdbc-password} (or the environment variable
 * {@value #PASSWORD_VARIABLE}, which keeps it out of the process list), {@code --table},
 * {@code --dialect}; the same meaning and checks as the store's {@code url}, {@code user},
 * {@code password}, {@code tableName} and {@code dialect} attributes.
 */
public class JdbcStoreFactory implements StoreFactory {

    /** Environment variable read for the password when {@code --jdbc-password} is not given. */
    public static final String PASSWORD_VARIABLE = "SESSIONSTORES_JDBC_PASSWORD";
    private static final int POOL_SIZE = 2;

    @Override
    public Set<String> options() {
        return Set.of("--jdbc-url", "--jdbc-user", "--jdbc-password", "--table", "--dialect");
    }

    @Override
    public Map<String, String> attributes() {
        return Map.of("--jdbc-url", "url", "--jdbc-user", "user", "--jdbc-password", "password", "--table", "tableName",
                "--dialect", "dialect");
    }

    @Override
    public String usage() {
        return "  JDBC:  --jdbc-url URL [--jdbc-user USER] [--jdbc-password PASSWORD, or $" + PASSWORD_VARIABLE
                + "] [--table tomcat_sessions] [--dialect h2|postgresql|mariadb|mysql]\n";
    }

    @Override
    public boolean accepts(Map<String, String> options) {
        return options.containsKey("--jdbc-url");
    }

    @Override
    public SessionStore create(Map<String, String> options) {
        JdbcSessionStore store = new JdbcSessionStore();
        store.setUrl(jdbcUrl(options));
        store.setUser(options.get("--jdbc-user"));
        store.setPassword(options.getOrDefault("--jdbc-password", System.getenv(PASSWORD_VARIABLE)));
        store.setTableName(options.getOrDefault("--table", store.getTableName()));
        store.setDialect(OptionValues.text(options, "--dialect", "h2, postgresql, mariadb or mysql"));
        store.setMaxPoolSize(POOL_SIZE);
        store.setExpiredBatchSize(0);
        return store;
    }

    private static String jdbcUrl(Map<String, String> options) {
        String url = OptionValues.text(options, "--jdbc-url", "a JDBC URL such as jdbc:postgresql://host/db");
        if (url != null && !url.startsWith("jdbc:")) {
            throw new ConfigException("--jdbc-url", JdbcStoreSettings.mask(url), "a JDBC URL (jdbc:<driver>:...)");
        }
        return url;
    }
}
