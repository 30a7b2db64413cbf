package io.sessionstores.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.juli.logging.Log;

import io.sessionstores.core.store.ChangeStream;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.jdbc.dialect.Dialect;

/**
 * The JDBC store's {@link ChangeStream} on PostgreSQL. Every statement that changes a session
 * runs {@code pg_notify} on the store's {@link ChangeChannel channel} in the same statement, hence
 * in the same transaction: a write (a new record or a compare-and-set update) with its new version,
 * a delete, a version-checked delete, an id change (the new key with its version, the old one
 * gone), a tombstone, and the sessions a raw-expiry batch deletes (in messages of at most 400 keys,
 * under NOTIFY's 8000-byte payload limit). A touch announces nothing. The message is
 * {@code "<key> <version> [<key> <version> ...]"}, version 0 for a session that is gone.
 *
 * <p><b>Why no sequence number.</b> PostgreSQL delivers the notifications of a database to a
 * listening session in the order the transactions committed, and never drops one while that session
 * lives: when its notification queue is full, {@code NOTIFY} fails, and with it the transaction
 * that changed the session (the write is refused, the request gets its error). A sequence would
 * not add anything, and could not be kept: {@code nextval} is taken in the order statements run,
 * not the order they commit, and a rolled-back transaction leaves a gap that no message ever
 * fills, so a follower would see false gaps and orderings that mean nothing. What can be lost is
 * the session that listens: so the stream watches that, and only that.
 *
 * <p><b>Knowing that nothing was missed.</b> The stream holds one connection of its own that
 * listens (opened by {@code DriverManager} with the store's {@code url}; with a DataSource, one
 * of the DataSource's connections, held while the stream runs, and given back without listening
 * after a failure), read by its thread through the driver's {@code getNotifications}. Every
 * {@link #HEARTBEAT_MILLIS} this node notifies {@code "h <node> <number>"} on a pool connection.
 * The stream reports {@link Listener#missed missed} when the listening connection fails (then it
 * is closed and opened again), when this node's heartbeat has not come back within
 * {@link #ECHO_TIMEOUT_MILLIS} (then the connection is replaced too: it may be dead without an
 * error), when a heartbeat cannot be sent, and when it starts listening again. It reports
 * {@link Listener#following following} once one of its own heartbeats, sent after the last loss,
 * came back: every change committed after that heartbeat's commit is then delivered before or
 * after it, in commit order.
 *
 * <p><b>{@link #dropNextMessage()}</b> drops the next change message, as the test hook asks, but
 * on PostgreSQL nothing ever notices it: without a sequence a lost message cannot be told from no
 * message, and the server does not lose one on a live connection. A copy that message would have
 * invalidated stays served until its next write or read elsewhere announces a newer version, or
 * the browser's version cookie asks for one: the near cache's exactness on PostgreSQL rests on
 * PostgreSQL's delivery promise, not on a check of this stream.
 *
 * <p>The dialect may not be known at start (a database down, no {@code dialect} attribute): the
 * thread then settles it first, and ends at once (never following) if it is not PostgreSQL.
 */
final class PostgresChangeStream implements ChangeStream {

    /** Opens a connection the stream may own (not one it borrows from the store's pool for ever). */
    interface Connections {
        Connection open() throws SQLException;
    }

    /** How often this node sends its heartbeat. */
    static final long HEARTBEAT_MILLIS = 500;
    /** How long this node waits for its own heartbeat to come back before it trusts nothing. */
    static final long ECHO_TIMEOUT_MILLIS = 2_000;
    /** Pause before opening the listening connection again after a failure. */
    static final long REOPEN_MILLIS = 500;
    private static final int POLL_MILLIS = 100;
    private static final int RING = 64;
    private static final long GONE_VERSION = 0;

    private final JdbcAccess jdbc;
    private final ChangeChannel channel;
    private final Connections connections;
    private final Log log;
    private final String logName;
    private final String node = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final AtomicBoolean dropNext = new AtomicBoolean();
    private final OwnDeliveries deliveries = new OwnDeliveries();

    private volatile Listener listener;
    private volatile Thread reader;
    private volatile ScheduledExecutorService timer;
    private volatile boolean listening;
    private volatile int backendPid = -1;
    // guarded by this
    private boolean following;
    private long sent;
    private long echoed;
    private long lostAtSent;
    private final long[] sentNanos = new long[RING];

    PostgresChangeStream(JdbcAccess jdbc, ChangeChannel channel, Connections connections, Log log, String logName) {
        this.jdbc = jdbc;
        this.channel = channel;
        this.connections = connections;
        this.log = log;
        this.logName = logName;
    }

    @Override
    public String keyOf(String id) {
        return channel.keyOf(id);
    }

    @Override
    public synchronized void follow(Listener listener) {
        this.listener = listener;
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(job -> daemon(job, "heartbeat"));
        timer = t;
        t.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_MILLIS, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
        Thread r = daemon(this::read, "changes");
        reader = r;
        r.start();
    }

    private Thread daemon(Runnable job, String what) {
        Thread thread = new Thread(job, "session-stores " + what + " " + logName);
        thread.setDaemon(true);
        thread.setContextClassLoader(PostgresChangeStream.class.getClassLoader()); // never the webapp's
        return thread;
    }

    @Override
    public void stop() {
        listener = null;
        synchronized (this) {
            following = false; // no end of a session waits for an announcement any more
        }
        ScheduledExecutorService t = timer;
        timer = null;
        if (t != null) {
            t.shutdownNow();
        }
        Thread r = reader;
        reader = null;
        if (r != null) {
            r.interrupt();
            try {
                r.join(2_000); // it polls in steps of POLL_MILLIS, then closes its connection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void dropNextMessage() {
        dropNext.set(true);
    }

    /**
     * Before a statement that ends session {@code id}: its announcement, to wait for after the
     * statement while this stream is followed (see {@link OwnDeliveries}).
     */
    OwnDeliveries.Expected expectGone(String id) {
        synchronized (this) {
            if (!following) {
                return OwnDeliveries.NONE;
            }
        }
        return deliveries.expect(channel.keyOf(id), GONE_VERSION);
    }

    /** The server process listening now ({@code -1}: none), for tests. */
    int listeningBackendPid() {
        return backendPid;
    }

    // ---- the reader: the listening connection, in commit order ------------------------------------

    private void read() {
        if (!settleDialect()) {
            return;
        }
        ListenConnection connection = null;
        try {
            while (reader == Thread.currentThread()) {
                if (connection == null) {
                    connection = listen();
                    if (connection == null) {
                        pause(REOPEN_MILLIS);
                        continue;
                    }
                }
                try {
                    for (String payload : connection.poll(POLL_MILLIS)) {
                        received(payload);
                    }
                } catch (SQLException e) {
                    lost("the LISTEN connection failed (SQLState " + e.getSQLState() + "): " + e.getMessage());
                    connection = closed(connection);
                    pause(REOPEN_MILLIS);
                    continue;
                }
                if (echoOverdue()) {
                    lost("no heartbeat came back within " + ECHO_TIMEOUT_MILLIS + " ms");
                    connection = closed(connection); // it may be dead without an error: listen on a new one
                }
            }
        } finally {
            closed(connection);
        }
    }

    /** Whether the database is PostgreSQL; waits while it cannot tell. {@code false}: this stream never follows. */
    private boolean settleDialect() {
        while (reader == Thread.currentThread()) {
            Dialect dialect = jdbc.dialect();
            if (dialect == null) {
                try {
                    jdbc.call("changeStream", sql -> null); // settles the dialect on the first connection that works
                } catch (StoreException e) {
                    pause(REOPEN_MILLIS);
                }
                continue;
            }
            if (!dialect.announcesChanges()) {
                log.info(logName + ": no change stream on " + dialect + " (no notification channel): every request"
                        + " reads the store");
                return false;
            }
            return true;
        }
        return false;
    }

    private ListenConnection listen() {
        try {
            ListenConnection c = ListenConnection.open(connections.open(), channel.name());
            backendPid = c.backendPid();
            listening = true;
            lost("listening on " + channel.name() + " (again): changes before it are unknown");
            if (log.isDebugEnabled()) {
                log.debug(logName + ": listening on channel " + channel.name() + " (server process " + c.backendPid()
                        + ")");
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            lost("cannot LISTEN on the change channel: " + e.getMessage());
            return null;
        }
    }

    private ListenConnection closed(ListenConnection connection) {
        listening = false;
        backendPid = -1;
        if (connection != null) {
            connection.close();
        }
        return null;
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop(): the loop ends, as reader is no longer this thread
        }
    }

    void received(String payload) {
        Listener to = listener;
        if (to == null || payload == null) {
            return;
        }
        String[] parts = payload.split(" ");
        if (parts.length == 3 && parts[0].equals("h")) {
            if (parts[1].equals(node)) {
                echo(parse(parts[2]), to);
            }
            return; // another node's heartbeat says nothing to this one
        }
        if (parts.length < 2 || parts.length % 2 != 0) {
            log.debug(logName + ": ignored a change message of an unknown form");
            return;
        }
        if (dropNext.compareAndSet(true, false)) {
            return; // the test hook: as if this message were lost (unnoticed: see the class comment)
        }
        int n = parts.length / 2;
        String[] keys = new String[n];
        long[] versions = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = parts[2 * i];
            long version = parse(parts[2 * i + 1]);
            versions[i] = version <= GONE_VERSION ? GONE : version;
        }
        to.changed(keys, versions);
        for (int i = 0; i < n; i++) {
            deliveries.delivered(keys[i], parts[2 * i + 1]);
        }
    }

    private void echo(long n, Listener to) {
        boolean nowFollowing = false;
        synchronized (this) {
            if (n > echoed) {
                echoed = n;
            }
            if (!following && n > lostAtSent) {
                following = true;
                nowFollowing = true;
            }
        }
        if (nowFollowing) {
            to.following();
        }
    }

    private synchronized boolean echoOverdue() {
        return sent > echoed && System.nanoTime() - sentNanos[(int) ((echoed + 1) % RING)]
                > ECHO_TIMEOUT_MILLIS * 1_000_000L;
    }

    // ---- the timer: this node's heartbeat, on a pool connection -----------------------------------

    private void heartbeat() {
        if (!listening) {
            return;
        }
        long n;
        synchronized (this) {
            n = ++sent;
            if (sent - echoed >= RING) {
                echoed = sent - 1; // long unanswered: counted from the newest only (echoOverdue has reported it)
            }
            sentNanos[(int) (n % RING)] = System.nanoTime();
        }
        Map<String, Object> values = new HashMap<>();
        values.put("channel", channel.name());
        values.put("message", "h " + node + " " + n);
        try {
            jdbc.call("heartbeat", sql -> sql.queryFirst("heartbeat", values, row -> null));
        } catch (StoreException | RuntimeException e) {
            lost("the heartbeat could not be sent: " + e.getMessage());
        }
    }

    private void lost(String why) {
        Listener to = listener;
        boolean was;
        synchronized (this) {
            was = following;
            following = false;
            lostAtSent = sent;
            echoed = sent; // heartbeats sent before the loss are no longer awaited
        }
        if (was && to != null) {
            to.missed(why);
        }
    }

    private static long parse(String number) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
