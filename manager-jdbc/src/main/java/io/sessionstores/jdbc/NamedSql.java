package io.sessionstores.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One SQL statement from a resource file, its {@code :name} parameters turned into JDBC
 * placeholders. Values are always bound, never spliced into the text, so an id with SQL
 * metacharacters is just text. Named parameters let every dialect order its SQL as it likes.
 */
final class NamedSql {

    private final String name;
    private final String sql;
    private final List<String> parameters;

    private NamedSql(String name, String sql, List<String> parameters) {
        this.name = name;
        this.sql = sql;
        this.parameters = List.copyOf(parameters);
    }

    /** Parses {@code text}: each {@code :identifier} becomes a {@code ?}. */
    static NamedSql parse(String name, String text) {
        StringBuilder out = new StringBuilder(text.length());
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ':' && i + 1 < text.length() && Character.isJavaIdentifierStart(text.charAt(i + 1))) {
                int end = i + 1;
                while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
                    end++;
                }
                names.add(text.substring(i + 1, end));
                out.append('?');
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return new NamedSql(name, out.toString(), names);
    }

    /** The statement's name in the resource file (for error messages; never the values). */
    String name() {
        return name;
    }

    /** The JDBC text, with {@code ?} placeholders. */
    String sql() {
        return sql;
    }

    /**
     * Prepares the statement on {@code connection} with every parameter bound from {@code values}
     * and the query timeout set.
     */
    PreparedStatement prepare(Connection connection, Map<String, Object> values, int queryTimeoutSeconds)
            throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        try {
            ps.setQueryTimeout(queryTimeoutSeconds);
            for (int i = 0; i < parameters.size(); i++) {
                bind(ps, i + 1, parameters.get(i), values);
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** The value of a text parameter that is SQL NULL (a plain {@code null} binds as a BIGINT NULL). */
    static final Object NULL_TEXT = new Object();

    private void bind(PreparedStatement ps, int index, String parameter, Map<String, Object> values)
            throws SQLException {
        if (!values.containsKey(parameter)) {
            throw new IllegalStateException("statement '" + name + "' needs parameter :" + parameter);
        }
        Object value = values.get(parameter);
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else if (value == NULL_TEXT) {
            ps.setNull(index, Types.VARCHAR);
        } else if (value instanceof byte[] bytes) {
            ps.setBytes(index, bytes);
        } else if (value instanceof String text) {
            ps.setString(index, text);
        } else if (value instanceof Long number) {
            ps.setLong(index, number);
        } else if (value instanceof Integer number) {
            ps.setInt(index, number);
        } else {
            throw new IllegalStateException("statement '" + name + "': unsupported type for :" + parameter);
        }
    }
}
