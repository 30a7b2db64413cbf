package io.sessionstores.jdbc;

/**
 * The databases on this machine, overridable by environment variables
 * ({@code SESSIONSTORES_PG_URL}, {@code SESSIONSTORES_MARIADB_URL}). In manager-jdbc's test-jar.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    /** The PostgreSQL test database's JDBC URL, credentials included. */
    public static String postgresUrl() {
        return env("SESSIONSTORES_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    }

    /**
     * MariaDB Connector/J 4 insists on TLS unless told otherwise; the loopback server here has
     * none, so {@code sslMode=disable} is added when the URL does not choose.
     */
    public static String mariaDbUrl() {
        String url = env("SESSIONSTORES_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");
        return url.contains("sslMode=") ? url : url + (url.contains("?") ? "&" : "?") + "sslMode=disable";
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
