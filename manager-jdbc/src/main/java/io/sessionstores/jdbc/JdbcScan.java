package io.sessionstores.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;

/**
 * The tools' walk over the rows of a started {@link JdbcSessionStore}: {@link #count} and
 * {@link #scan}, and for the keyset walk which statement a request needs and what its cursor
 * means. Without a size filter the walk goes by id (the primary key); with one, by
 * {@code (raw_bytes, id)} along the {@code _raw_size} index, so only the bigger rows are ever
 * read. Cursors: {@code i<id>} after a row of the id walk, {@code s<raw_bytes>:<id>} after a row
 * of the size walk. Plain SELECTs: no row or table lock, nothing a request waits for. A walk
 * whose filter excludes nothing may go by pages instead on PostgreSQL ({@link JdbcPageScan},
 * cursors {@code p...}).
 */
final class JdbcScan {

    private static final char BY_ID = 'i';
    private static final char BY_SIZE = 's';

    private final JdbcAccess jdbc;
    private final String app;
    private final StoreContext context;

    JdbcScan(JdbcAccess jdbc, StoreContext context) {
        this.jdbc = jdbc;
        this.app = context.appName();
        this.context = context;
    }

    long count() throws StoreException {
        Map<String, Object> values = new HashMap<>();
        values.put("app", app);
        Long n = jdbc.call("count", sql -> sql.queryFirst("count", values, row -> row.getLong(1)));
        return n == null ? 0 : n;
    }

    /**
     * One SELECT of at most {@code limit} rows in keyset order: by id, or with a size filter by
     * {@code (raw_bytes, id)} along the {@code _raw_size} index. On PostgreSQL a walk whose filter
     * excludes nothing goes in physical order instead, a range of pages per batch (see
     * {@link JdbcPageScan}); its first and last batches read the table's size too.
     */
    ScanBatch scan(ScanRequest request) throws StoreException {
        long now = context.now();
        if (JdbcPageScan.isCursor(request.cursor())) {
            JdbcPageScan.Position from = JdbcPageScan.Position.parse(request.cursor());
            return jdbc.call("scan", sql -> JdbcPageScan.batch(sql, app, request, now, from));
        }
        Map<String, Object> values = values(app, request);
        return jdbc.call("scan", sql -> {
            if (JdbcPageScan.mayStart(request, sql.dialect())) {
                ScanBatch first = JdbcPageScan.start(sql, app, request, now);
                if (first != null) {
                    return first;
                }
            }
            return batch(sql.query(statement(request), values, row -> row(row, now)), request);
        });
    }

    /** The statement name for {@code request}: its "Head" variant when it asks for frame heads. */
    static String statement(ScanRequest request) {
        boolean sized = request.biggerThan() >= 0;
        String name;
        if (request.cursor() == null) {
            name = sized ? "scanBiggerStart" : "scanStart";
        } else {
            name = sized ? "scanBiggerFrom" : "scanFrom";
        }
        return variant(name, request);
    }

    /** Statement {@code name}, or its "Head" variant when {@code request} asks for frame heads. */
    static String variant(String name, ScanRequest request) {
        return request.headBytes() > 0 ? name + SqlCatalog.HEAD_VARIANT : name;
    }

    /** The parameters every scan statement takes: the application, the limit, the size filter, the head length. */
    static Map<String, Object> commonValues(String app, ScanRequest request) {
        Map<String, Object> values = new HashMap<>();
        values.put("app", app);
        values.put("limit", request.limit());
        values.put("biggerThan", request.biggerThan());
        if (request.headBytes() > 0) {
            values.put("head", request.headBytes());
        }
        return values;
    }

    /** The parameters of {@code request}'s statement. */
    static Map<String, Object> values(String app, ScanRequest request) {
        Map<String, Object> values = commonValues(app, request);
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

    /** The batch of {@code records} (the rows); {@code limit} rows mean there may be more. */
    static ScanBatch batch(List<ScannedRecord> records, ScanRequest request) {
        if (records.size() < request.limit()) {
            return new ScanBatch(records, records.size(), null);
        }
        SessionRecord last = records.get(records.size() - 1).record();
        String next = request.biggerThan() >= 0 ? BY_SIZE + Integer.toString(last.rawBytes()) + ":" + last.id()
                : BY_ID + last.id();
        return new ScanBatch(records, records.size(), next);
    }

    /**
     * A scanned row: the id, the columns of a read (the frame or its head), then the whole
     * frame's length; flagged by its expiry at {@code now}.
     */
    static ScannedRecord row(ResultSet row, long now) throws SQLException {
        return ScannedRecord.at(JdbcRecords.toRecord(row.getString(1), row, 2), now, row.getInt(8));
    }
}
