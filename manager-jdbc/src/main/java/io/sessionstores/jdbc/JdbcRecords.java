package io.sessionstores.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.juli.logging.Log;

import io.sessionstores.core.frame.FrameFormat;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionIds;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.store.UserNames;

/**
 * The statements on one session's row of a started {@link JdbcSessionStore}: read, write, touch,
 * change of id, tombstones and deletes, each one store call (one statement, or one transaction
 * where the javadoc says so), and the mapping between a row and a {@link SessionRecord}. Every
 * statement that changes a session gets the change stream's channel and key ({@link #changing}):
 * PostgreSQL's announce the change in the same statement.
 */
final class JdbcRecords {

    /** A tombstone's data column. */
    private static final byte[] NO_DATA = new byte[0];

    private final JdbcAccess jdbc;
    private final String app;
    private final StoreContext context;
    private final Log log;
    private final AtomicLong corruptFrames;
    private final ChangeChannel changes;

    /**
     * @param corruptFrames the store's counter of rows that could not be a session record (it
     *                      outlives a restart of the store)
     * @param changes       where the statements that change a session announce it (PostgreSQL)
     */
    JdbcRecords(JdbcAccess jdbc, StoreContext context, Log log, AtomicLong corruptFrames, ChangeChannel changes) {
        this.jdbc = jdbc;
        this.app = context.appName();
        this.context = context;
        this.log = log;
        this.corruptFrames = corruptFrames;
        this.changes = changes;
    }

    SessionRecord read(String id) throws StoreException {
        return jdbc.call("read", sql -> sql.queryFirst("read", key(id), row -> toRecord(id, row)));
    }

    boolean write(SessionRecord record, long expectedVersion) throws StoreException {
        Map<String, Object> values = recordValues(record);
        if (expectedVersion != 0) {
            values.put("expectedVersion", expectedVersion);
            return jdbc.call("write", sql -> sql.update("update", values) == 1);
        }
        return jdbc.call("write", sql -> insertNew(sql, values));
    }

    /** A new record: inserted, or replacing an expired leftover; never over a live record. */
    private static boolean insertNew(Sql sql, Map<String, Object> values) throws SQLException {
        try {
            return sql.update("insertNew", values) == 1;
        } catch (SQLException e) {
            if (!sql.isDuplicateKey(e)) {
                throw e;
            }
            return sql.update("replaceExpired", values) == 1;
        }
    }

    /**
     * Moves the expiry and last access forward (never back). A touch that changes nothing (both
     * already as far) still finds its session: with MariaDB's {@code useAffectedRows=true} the
     * UPDATE then counts 0 rows, so 0 is confirmed by a read of the live row before the session is
     * reported gone; nothing is rewritten.
     */
    boolean touch(String id, long lastAccess, long expiresAt) throws StoreException {
        Map<String, Object> values = key(id);
        values.put("lastAccess", lastAccess);
        values.put("expiresAt", expiresAt);
        return jdbc.call("touch", sql -> sql.update("touch", values) == 1
                || sql.queryFirst("exists", values, row -> Boolean.TRUE) != null);
    }

    boolean changeId(String oldId, String newId) throws StoreException {
        Map<String, Object> values = changing(oldId);
        values.put("newId", newId);
        changes.bind(values, "newKey", newId);
        return jdbc.call("changeId", sql -> moveRecord(sql, values, newId));
    }

    /** Moves a record; an expired leftover under the new id is removed first, a live one is an error. */
    private boolean moveRecord(Sql sql, Map<String, Object> values, String newId) throws SQLException {
        try {
            return sql.update("changeId", values) == 1;
        } catch (SQLException e) {
            if (!sql.isDuplicateKey(e)) {
                throw e;
            }
            sql.update("deleteIfExpired", changing(newId));
            return sql.update("changeId", values) == 1;
        }
    }

    /**
     * Renames and leaves the tombstone in one transaction: an expired leftover under the new id
     * goes first (a live one fails the rename), then the row moves, then the tombstone takes the
     * old id. Rolled back, nothing changes, when there is no live row to move.
     */
    boolean changeIdLeavingTombstone(String oldId, String newId, long tombstoneUntil) throws StoreException {
        Map<String, Object> values = changing(oldId);
        values.put("newId", newId);
        changes.bind(values, "newKey", newId);
        Map<String, Object> tombstone = tombstoneValues(oldId, tombstoneUntil);
        return jdbc.call("changeIdLeavingTombstone", sql -> sql.inTransaction(() -> {
            sql.update("deleteIfExpired", changing(newId));
            if (sql.update("changeId", values) != 1) {
                return false;
            }
            sql.update("tombstone", tombstone);
            return true;
        }));
    }

    /** One statement: an upsert of the tombstone (version 0), or an update of the row of that version. */
    boolean deleteLeavingTombstone(String id, long version, long tombstoneUntil) throws StoreException {
        Map<String, Object> values = tombstoneValues(id, tombstoneUntil);
        if (version == 0) {
            return jdbc.call("deleteLeavingTombstone", sql -> sql.update("tombstone", values) >= 0);
        }
        values.put("version", version);
        return jdbc.call("deleteLeavingTombstone", sql -> sql.update("tombstoneIfVersion", values) == 1);
    }

    private Map<String, Object> tombstoneValues(String id, long tombstoneUntil) {
        Map<String, Object> values = changing(id);
        values.put("data", NO_DATA);
        values.put("until", tombstoneUntil);
        return values;
    }

    /** Whether there was a row to delete. */
    boolean delete(String id) throws StoreException {
        return jdbc.call("delete", sql -> sql.update("delete", changing(id)) > 0);
    }

    boolean deleteIfVersion(String id, long version) throws StoreException {
        Map<String, Object> values = changing(id);
        values.put("version", version);
        return jdbc.call("deleteIfVersion", sql -> sql.update("deleteIfVersion", values) == 1);
    }

    /** One primary-key SELECT per id, all on one connection. */
    List<ScannedRecord> lookup(Collection<String> ids) throws StoreException {
        long now = context.now();
        return jdbc.call("lookup", sql -> {
            List<ScannedRecord> found = new ArrayList<>();
            for (String id : ids) {
                SessionRecord r = sql.queryFirst("readAny", key(id), row -> toRecord(id, row));
                if (r != null) {
                    found.add(ScannedRecord.at(r, now));
                }
            }
            return found;
        });
    }

    private Map<String, Object> key(String id) {
        Map<String, Object> values = new HashMap<>();
        values.put("app", app);
        values.put("id", id);
        values.put("now", context.now());
        return values;
    }

    /** The key values of a statement that changes session {@code id}, with the change stream's channel and key. */
    private Map<String, Object> changing(String id) {
        Map<String, Object> values = key(id);
        changes.bind(values, "key", id);
        return values;
    }

    private Map<String, Object> recordValues(SessionRecord r) {
        Map<String, Object> values = changing(r.id());
        values.put("data", r.frame());
        values.put("version", r.version());
        values.put("expiresAt", r.expiresAt() == SessionRecord.NEVER_EXPIRES ? null : r.expiresAt());
        values.put("lastAccess", r.lastAccess());
        values.put("maxInactive", r.maxInactive());
        values.put("storedBytes", r.storedBytes());
        values.put("rawBytes", r.rawBytes());
        String user = UserNames.indexed(UserNames.principalOf(r.frame()));
        values.put("principal", user == null ? NamedSql.NULL_TEXT : user);
        return values;
    }

    /**
     * The live sessions of {@code user} (indexed form), most recently used first, at most
     * {@code limit}: one query on the {@code _principal} index.
     */
    List<SessionRecord> sessionsOfUser(String user, int limit) throws StoreException {
        Map<String, Object> values = new HashMap<>();
        values.put("app", app);
        values.put("now", context.now());
        values.put("principal", user);
        values.put("limit", limit);
        return jdbc.call("sessionsOfUser", sql -> sql.query("sessionsOfUser", values,
                row -> toRecord(row.getString(1), row, 2)));
    }

    /** The row as a record; {@code null} (counted, logged) when it cannot be one. */
    private SessionRecord toRecord(String id, ResultSet row) throws SQLException {
        long version = row.getLong(2);
        if (version < 1) {
            corruptFrames.incrementAndGet();
            log.warn(context.logName() + ": row of session " + SessionIds.hash(id) + " has record version " + version
                    + "; treated as no session");
            return null;
        }
        return toRecord(id, row, 1);
    }

    /**
     * The record of a row whose columns data, version, expires_at, last_access, max_inactive and
     * raw_bytes start at {@code first} (the version already known to be at least 1).
     */
    static SessionRecord toRecord(String id, ResultSet row, int first) throws SQLException {
        byte[] data = row.getBytes(first);
        long version = row.getLong(first + 1);
        long expiresAt = row.getLong(first + 2);
        if (row.wasNull()) {
            expiresAt = SessionRecord.NEVER_EXPIRES;
        }
        long lastAccess = row.getLong(first + 3);
        // a touch updates the columns only: the frame handed out carries the times they hold
        return new SessionRecord(id, FrameFormat.agreeingWith(data, expiresAt, lastAccess), version, expiresAt,
                lastAccess, row.getInt(first + 4), row.getInt(first + 5));
    }
}
