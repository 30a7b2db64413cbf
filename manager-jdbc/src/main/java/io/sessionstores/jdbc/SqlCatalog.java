package io.sessionstores.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import io.sessionstores.jdbc.dialect.Dialect;

/**
 * The statements and the DDL of one dialect for one table, read from the resource files
 * {@code io/sessionstores/jdbc/statements.properties} (shared) and
 * {@code io/sessionstores/jdbc/<dialect>/statements.properties} and {@code .../schema.sql}
 * (the dialect's own), and the same for the pending evictions table ({@code pending-evictions.*}). {@code ${table}} is replaced by the validated table name,
 * {@code ${index}} by its unqualified part (index names) and {@code ${dbNowMillis}} by the
 * dialect's expression for the database's clock, {@code ${changeKey}} by its expression for the change
 * stream's key of a row's session (PostgreSQL). A statement holding {@code ${frameData}} comes
 * twice: reading the whole frame, and (its name + {@value #HEAD_VARIANT}) the frame's head only.
 */
final class SqlCatalog {

    private static final String BASE = "/io/sessionstores/jdbc/";

    /** The dialect's expression for the database's clock in epoch ms, {@code ${dbNowMillis}} in statements. */
    private static final String DB_NOW = "dbNowMillis";
    /**
     * A dialect's SQL expression for the change stream's key of the row's session,
     * {@code ${changeKey}} in statements (only dialects that announce changes have one).
     */
    private static final String CHANGE_KEY = "changeKey";
    /** Where a tool's scan reads the frame: {@code data}, or {@link #FRAME_HEAD} in its "Head" variant. */
    private static final String FRAME_DATA = "${frameData}";
    /** The dialect's expression for the first {@code :head} bytes of the frame. */
    private static final String FRAME_HEAD = "frameHead";
    /** Suffix of the name of a statement's variant that reads only the frame's head. */
    static final String HEAD_VARIANT = "Head";
    /** Resources of the pending evictions table ({@link PendingEvictions}): statements and DDL. */
    private static final String PENDING_EVICTIONS = "pending-evictions";

    private final Dialect dialect;
    private final Map<String, NamedSql> statements = new ConcurrentHashMap<>();
    private final List<String> schema;

    private SqlCatalog(Dialect dialect, Properties text, List<String> schema) {
        this.dialect = dialect;
        this.schema = List.copyOf(schema);
        text.stringPropertyNames().forEach(key -> statements.put(key, NamedSql.parse(key, text.getProperty(key))));
    }

    /** Loads the catalog of {@code dialect} for {@code table} (already validated). */
    static SqlCatalog load(Dialect dialect, String table) {
        Properties text = new Properties();
        readProperties(BASE + "statements.properties", text);
        readProperties(BASE + PENDING_EVICTIONS + ".properties", text);
        readProperties(BASE + dialect.resourceFolder() + "/statements.properties", text);
        String dbNow = (String) text.remove(DB_NOW);
        if (dbNow == null) {
            throw new IllegalStateException("dialect " + dialect.name() + " has no " + DB_NOW + " expression");
        }
        String changeKey = (String) text.remove(CHANGE_KEY);
        text.replaceAll((k, v) -> {
            String sql = substitute((String) v, table).replace("${" + DB_NOW + "}", dbNow);
            return changeKey == null ? sql : sql.replace("${" + CHANGE_KEY + "}", changeKey);
        });
        String head = (String) text.remove(FRAME_HEAD);
        for (String key : text.stringPropertyNames()) {
            String sql = text.getProperty(key);
            if (sql.contains(FRAME_DATA)) {
                text.setProperty(key + HEAD_VARIANT, sql.replace(FRAME_DATA, head));
                text.setProperty(key, sql.replace(FRAME_DATA, "data"));
            }
        }
        return new SqlCatalog(dialect, text, splitStatements(substitute(schemaText(dialect), table)));
    }

    /** The DDL of {@code dialect} for {@code table}, as an operator would run it. */
    static String schemaText(Dialect dialect, String table) {
        return substitute(schemaText(dialect), table);
    }

    Dialect dialect() {
        return dialect;
    }

    /** The statement called {@code name}; a missing one is a packaging bug. */
    NamedSql statement(String name) {
        NamedSql sql = statements.get(name);
        if (sql == null) {
            throw new IllegalStateException("no SQL statement '" + name + "' for dialect " + dialect.name());
        }
        return sql;
    }

    /** The DDL statements, in order. */
    List<String> schema() {
        return schema;
    }

    private static String substitute(String text, String table) {
        String unqualified = table.substring(table.lastIndexOf('.') + 1);
        return text.replace("${table}", table).replace("${index}", unqualified);
    }

    /** The session table's DDL, then the cached-JDBC store's pending evictions table. */
    private static String schemaText(Dialect dialect) {
        String folder = BASE + dialect.resourceFolder() + "/";
        return new String(readAll(folder + "schema.sql"), StandardCharsets.UTF_8)
                + new String(readAll(folder + PENDING_EVICTIONS + ".sql"), StandardCharsets.UTF_8);
    }

    private static List<String> splitStatements(String script) {
        StringBuilder withoutComments = new StringBuilder();
        script.lines().filter(line -> !line.strip().startsWith("--"))
                .forEach(line -> withoutComments.append(line).append('\n'));
        List<String> result = new ArrayList<>();
        Arrays.stream(withoutComments.toString().split(";")).map(String::strip).filter(s -> !s.isEmpty())
                .forEach(result::add);
        return result;
    }

    private static void readProperties(String resource, Properties into) {
        try (InputStream in = open(resource)) {
            into.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static byte[] readAll(String resource) {
        try (InputStream in = open(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = SqlCatalog.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("resource " + resource + " is missing from the jar");
        }
        return in;
    }
}
