package io.sessionstores.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionRecord;

/**
 * The keyset walk of {@link JdbcSessionStore#scan}: which statement a request needs and what its
 * cursor means. Without a size filter the walk goes by id (the primary key); with one, by
 * {@code (raw_bytes, id)} along the {@code _raw_size} index, so only the bigger rows are ever
 * read. Cursors: {@code i<id>} after a row of the id walk, {@code s<raw_bytes>:<id>} after a row
 * of the size walk. Plain SELECTs: no row or table lock, nothing a request waits for.
 */
final class JdbcScan {

    private static final char BY_ID = 'i';
    private static final char BY_SIZE = 's';

    private JdbcScan() {
    }

    /** The statement name for {@code request}. */
    static String statement(ScanRequest request) {
        boolean sized = request.biggerThan() >= 0;
        if (request.cursor() == null) {
            return sized ? "scanBiggerStart" : "scanStart";
        }
        return sized ? "scanBiggerFrom" : "scanFrom";
    }

    /** The parameters of {@code request}'s statement. */
    static Map<String, Object> values(String app, ScanRequest request) {
        Map<String, Object> values = new HashMap<>();
        values.put("app", app);
        values.put("limit", request.limit());
        values.put("biggerThan", request.biggerThan());
        String cursor = request.cursor();
        if (cursor == null) {
            return values;
        }
        if (cursor.isEmpty() || cursor.charAt(0) != (request.biggerThan() >= 0 ? BY_SIZE : BY_ID)) {
            throw new IllegalArgumentException("not a cursor of this kind of JDBC scan");
        }
        if (cursor.charAt(0) == BY_ID) {
            values.put("after", cursor.substring(1));
            return values;
        }
        int colon = cursor.indexOf(':');
        values.put("rawBytes", Long.parseLong(cursor, 1, colon, 10));
        values.put("after", cursor.substring(colon + 1));
        return values;
    }

    /** Maps the rows of one batch; {@code limit} rows mean there may be more. */
    static ScanBatch batch(List<SessionRecord> rows, ScanRequest request, long now) {
        List<ScannedRecord> records = new ArrayList<>(rows.size());
        for (SessionRecord row : rows) {
            records.add(ScannedRecord.at(row, now));
        }
        if (rows.size() < request.limit()) {
            return new ScanBatch(records, records.size(), null);
        }
        SessionRecord last = rows.get(rows.size() - 1);
        String next = request.biggerThan() >= 0 ? BY_SIZE + Integer.toString(last.rawBytes()) + ":" + last.id()
                : BY_ID + last.id();
        return new ScanBatch(records, records.size(), next);
    }

    /** A scanned row: the id, then the columns of a read. */
    static SessionRecord row(ResultSet row) throws SQLException {
        return JdbcSessionStore.toRecord(row.getString(1), row, 2);
    }
}
