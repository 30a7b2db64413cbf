package io.sessionstores.jdbc.dialect;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What differs between databases, besides the SQL text kept in each dialect's resource folder
 * ({@code io/sessionstores/jdbc/<folder>/statements.properties} and {@code schema.sql}): how the
 * database names itself in {@code DatabaseMetaData} and in JDBC URLs, how it reports a duplicate
 * key, and which driver settings keep a store call bounded in time.
 */
public abstract class Dialect {

    private static final List<Dialect> ALL = List.of(new H2Dialect(), new PostgreSqlDialect(), new MariaDbDialect());

    /** The dialect's name as the {@code dialect} attribute spells it. */
    public abstract String name();

    /** The resource folder holding this dialect's SQL. */
    public String resourceFolder() {
        return name();
    }

    /** Whether a database that calls itself {@code productName} speaks this dialect. */
    protected abstract boolean matches(String productName);

    /**
     * Whether {@code e} says that a row with the same primary key exists. By default the SQL
     * standard's unique-violation state {@code 23505}.
     */
    public boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /**
     * Whether {@code e} says the statement was rolled back as a deadlock victim or serialization
     * failure, so running it again is safe. By default SQLState {@code 40001} or {@code 40P01}.
     */
    public boolean isDeadlock(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }

    /**
     * Whether this dialect's {@code deleteExpired} is a query answering rows of (rows deleted, last
     * expiry deleted), no row when nothing went (PostgreSQL: one row per change message), so a pass
     * can continue after that expiry; otherwise it is an update and its count.
     */
    public boolean expiredBatchReportsPosition() {
        return false;
    }

    /**
     * Whether a batch of raw expiry first reads its bound ({@code expiredBound}: the next expired
     * keys, up to the batch size, in index order) and then deletes exactly that range of the
     * expiry index ({@code deleteExpired} with {@code :upTo} and {@code :upToId}), for databases
     * whose delete cannot report where it stopped and whose deleted index entries linger (InnoDB).
     */
    public boolean expiredBatchReadsBoundFirst() {
        return false;
    }

    /**
     * Whether a scan without a selective size filter may walk the table in physical order, a
     * range of pages per batch ({@code scanPagesPlan}, {@code scanPages}, {@code scanPagesEnd};
     * see {@code JdbcPageScan}), rather than in key order.
     */
    public boolean scansByPages() {
        return false;
    }

    /**
     * Whether the statements that change a session announce it to a change stream in the same
     * statement ({@code pg_notify}; see {@code PostgresChangeStream}). None by default: the
     * database has no notification channel.
     */
    public boolean announcesChanges() {
        return false;
    }

    /** Whether {@code jdbcUrl} is this dialect's driver's URL. */
    protected boolean matchesUrl(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:" + name() + ":");
    }

    /**
     * Driver properties the store's own pool sets (a value in the URL wins) so that no call
     * outlives the query timeout by much. None by default.
     */
    public Map<String, String> driverProperties(int queryTimeoutSeconds) {
        return Map.of();
    }

    /** The dialect whose driver a JDBC URL names, if one of ours. */
    public static Optional<Dialect> forUrl(String jdbcUrl) {
        String lower = jdbcUrl == null ? "" : jdbcUrl.toLowerCase(Locale.ROOT);
        return ALL.stream().filter(d -> d.matchesUrl(lower)).findFirst();
    }

    /**
     * The dialect of a database from its {@code DatabaseMetaData.getDatabaseProductName()}, if
     * one of ours speaks it.
     */
    public static Optional<Dialect> detect(String productName) {
        String lower = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        return ALL.stream().filter(d -> d.matches(lower)).findFirst();
    }

    /** The dialect configured by name. */
    public static Dialect of(DialectName name) {
        String wanted = name == DialectName.MYSQL ? "mariadb" : name.name().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(d -> d.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no dialect class for " + name));
    }

    @Override
    public String toString() {
        return name();
    }
}
