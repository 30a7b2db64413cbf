package io.sessionstores.jdbc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sessionstores.core.store.StoreFactory;
import io.sessionstores.core.contract.CommandOptionsContract;

/** The JDBC store's command-line options (an H2 file URL in a directory that does not exist shows no connection was made). */
class JdbcCommandOptionsTest extends CommandOptionsContract {

    private static final String URL = "jdbc:h2:file:./target/no-such-dir-jdbc-options/db";

    @Override
    protected StoreFactory factory() {
        return new JdbcStoreFactory();
    }

    @Override
    protected Map<String, List<String>> badValues() {
        return Map.of(
                "--jdbc-url", List.of("notjdbc", " "),
                "--jdbc-user", List.of(),
                "--jdbc-password", List.of(),
                "--table", List.of("x; drop", "1table", "a.b.c"),
                "--dialect", List.of("oracle", "true", " "));
    }

    @Override
    protected Map<String, String> storeOptions(String side, String option) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(side + "jdbc-url", side.equals("--to-") ? URL + "2" : URL);
        if (!side.equals("--")) {
            options.put(side + "table", side.equals("--from-") ? "old_sessions" : "new_sessions");
        }
        return options;
    }
}
