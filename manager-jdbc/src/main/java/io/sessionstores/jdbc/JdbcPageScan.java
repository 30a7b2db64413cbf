package io.sessionstores.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sessionstores.core.frame.FrameFormat;
import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.jdbc.dialect.Dialect;

/**
 * The physical-order walk of {@link JdbcSessionStore#scan} on databases that have it (PostgreSQL
 * 14 and later: TID range scans). A walk by key fetches each row from wherever its heap page
 * lies, one random page read per row once the table outgrows the cache; this walk reads a range
 * of pages per batch, in order, and keeps the rows of the application that pass the size filter.
 *
 * <p><b>When.</b> A walk starts by pages when its size filter cannot exclude a session
 * ({@code biggerThan} below {@link FrameFormat#HEADER_LENGTH}, the fixed header every frame
 * has: no filter, or the analysis of "every session bigger than 0 bytes") and the application
 * holds at least {@value #MIN_APP_SHARE} of the table's rows by the column statistics (or the
 * table was never analysed). A selective filter such as the analysis default of 10240 bytes keeps
 * the {@code _raw_size} index range, which reads only the bigger rows; a table shared with bigger
 * applications keeps the key walk, which reads only this application's rows.
 *
 * <p><b>Batches.</b> Cursor {@code p<page>.<offset>:<end>:<span>}: continue after row
 * {@code (page, offset)} (offset 0: from the page's start), up to page {@code end} (the
 * relation's size in pages as last read), {@code span} pages per statement. A statement returns
 * at most {@code limit} rows in {@code ctid} order; a full batch continues after its last row, so
 * no batch exceeds its limit. The span starts from the planner's rows per page and follows the
 * rows each batch found. The end is the relation's current size ({@code pg_relation_size}), read
 * at the start and again when the walk reaches it: rows appended meanwhile on new pages are read
 * too ({@code pg_class.relpages} lags behind inserts and would leave the last pages out).
 */
final class JdbcPageScan {

    static final char BY_PAGE = 'p';
    /** Least share of the table's rows the application must hold for a walk by pages. */
    static final double MIN_APP_SHARE = 0.5;
    /** Rows per page assumed when the planner has no figures (a table never analysed). */
    private static final double GUESSED_ROWS_PER_PAGE = 8;
    /** Pages one statement may cover at most, when the limit is smaller. */
    private static final long MIN_SPAN_CAP = 64;

    private JdbcPageScan() {
    }

    /** Where a page walk stands: after row {@code (page, offset)}, up to page {@code end}. */
    record Position(long page, int offset, long end, long span) {

        static Position parse(String cursor) {
            try {
                int dot = cursor.indexOf('.');
                int colon = cursor.indexOf(':', dot);
                int second = cursor.indexOf(':', colon + 1);
                return new Position(Long.parseLong(cursor, 1, dot, 10), Integer.parseInt(cursor, dot + 1, colon, 10),
                        Long.parseLong(cursor, colon + 1, second, 10),
                        Long.parseLong(cursor, second + 1, cursor.length(), 10));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a cursor of a JDBC page scan");
            }
        }

        String cursor() {
            return BY_PAGE + Long.toString(page) + "." + offset + ":" + end + ":" + span;
        }
    }

    /** What the database says before a walk. */
    private record Plan(boolean rangeScans, long pages, double tuples, long analysedPages, boolean hasRows,
            Double appShare) {

        static Plan of(ResultSet row) throws SQLException {
            double share = row.getDouble(6);
            Double appShare = row.wasNull() ? null : share;
            return new Plan(row.getBoolean(1), row.getLong(2), row.getDouble(3), row.getLong(4), row.getBoolean(5),
                    appShare);
        }

        boolean byPages() {
            return rangeScans && (appShare == null || appShare >= MIN_APP_SHARE);
        }

        /** Pages expected to hold about {@code limit} rows of the application. */
        long span(int limit) {
            double perPage = analysedPages > 0 && tuples > 0 ? tuples / analysedPages : GUESSED_ROWS_PER_PAGE;
            double share = appShare == null ? 1 : appShare;
            return clamp((long) Math.ceil(limit / (perPage * share)), limit);
        }
    }

    /** Whether {@code cursor} continues a page walk. */
    static boolean isCursor(String cursor) {
        return cursor != null && !cursor.isEmpty() && cursor.charAt(0) == BY_PAGE;
    }

    /** Whether a walk that starts with {@code request} may go by pages on {@code dialect}. */
    static boolean mayStart(ScanRequest request, Dialect dialect) {
        return request.cursor() == null && dialect.scansByPages() && request.biggerThan() < FrameFormat.HEADER_LENGTH;
    }

    /**
     * The first batch of a walk by pages, or {@code null} when this table is better walked by key
     * (no TID range scans, a partitioned table, or the application holds a small share of the
     * table).
     */
    static ScanBatch start(Sql sql, String app, ScanRequest request, long now) throws SQLException {
        Map<String, Object> values = new HashMap<>();
        values.put("app", app);
        Plan plan = sql.queryFirst("scanPagesPlan", values, Plan::of);
        if (plan == null || !plan.byPages()) {
            return null;
        }
        if (!plan.hasRows()) {
            return new ScanBatch(List.of(), 0, null);
        }
        return batch(sql, app, request, now, new Position(0, 0, plan.pages(), plan.span(request.limit())));
    }

    /** The batch of the walk at {@code from}: one range statement, and at the end the relation's size. */
    static ScanBatch batch(Sql sql, String app, ScanRequest request, long now, Position from) throws SQLException {
        int limit = request.limit();
        long before = Math.min(from.page() + from.span(), from.end());
        List<ScannedRecord> records = new ArrayList<>();
        List<String> positions = new ArrayList<>();
        if (before > from.page()) {
            String statement = JdbcScan.variant("scanPages", request);
            sql.query(statement, values(app, request, from, before), row -> {
                records.add(JdbcScan.row(row, now));
                positions.add(row.getString(9));
                return null;
            });
        }
        if (records.size() == limit) {
            long[] last = tid(positions.get(positions.size() - 1));
            Position next = new Position(last[0], (int) last[1], from.end(), clamp(last[0] - from.page() + 1, limit));
            return new ScanBatch(records, records.size(), next.cursor());
        }
        long pages = before - from.page();
        long span = records.isEmpty() ? from.span() * 2 : (long) Math.ceil((double) limit * pages / records.size());
        if (before < from.end()) {
            return new ScanBatch(records, records.size(), new Position(before, 0, from.end(), clamp(span, limit)).cursor());
        }
        Long size = sql.queryFirst("scanPagesEnd", new HashMap<>(), row -> row.getLong(1));
        if (size != null && size > from.end()) {
            return new ScanBatch(records, records.size(), new Position(from.end(), 0, size, clamp(span, limit)).cursor());
        }
        return new ScanBatch(records, records.size(), null);
    }

    private static Map<String, Object> values(String app, ScanRequest request, Position from, long before) {
        Map<String, Object> values = JdbcScan.commonValues(app, request);
        values.put("after", "(" + from.page() + "," + from.offset() + ")");
        values.put("before", "(" + before + ",0)");
        return values;
    }

    /** Page and offset of a {@code ctid} as PostgreSQL prints it, {@code (page,offset)}. */
    static long[] tid(String text) {
        int comma = text.indexOf(',');
        return new long[] {Long.parseLong(text, 1, comma, 10), Long.parseLong(text, comma + 1, text.length() - 1, 10)};
    }

    private static long clamp(long span, int limit) {
        return Math.max(1, Math.min(span, Math.max(limit, MIN_SPAN_CAP)));
    }
}
