package io.sessionstores.core.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.sessionstores.core.it.Gates;
import java.util.concurrent.atomic.LongAdder;

/**
 * A store that keeps records in a map shared by every instance with the same {@code name}
 * (so two Managers, or a Manager restarted in the same JVM, see the same sessions). It honours
 * the whole {@link SessionStore} contract and counts every call, which is how tests measure store
 * calls per request. Test-only: configure it as {@code <Store className="...InMemorySessionStore"
 * name="x"/>}.
 */
public class InMemorySessionStore extends SessionStoreBase {

    private static final Map<String, Map<String, Map<String, SessionRecord>>> SHARED = new ConcurrentHashMap<>();
    /** Tombstone ends by id, beside {@link #SHARED}; changed only inside a compute of the id's record. */
    private static final Map<String, Map<String, Map<String, Long>>> TOMBSTONES = new ConcurrentHashMap<>();

    private String name = "default";
    private volatile StoreContext context;
    private volatile Map<String, SessionRecord> records;
    private volatile Map<String, Long> tombstones;
    private volatile boolean down;
    private volatile long latencyMillis;

    /** Store calls made through this instance, per method name. */
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final AtomicInteger failNextWrites = new AtomicInteger();
    private final AtomicReference<String> holdNextWriteAt = new AtomicReference<>();
    private final AtomicReference<String> holdNextReadAt = new AtomicReference<>();

    /** Which shared map to use (XML attribute). */
    public void setName(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    /** Drops every record of every shared map (between tests). */
    public static void clearAll() {
        SHARED.clear();
        TOMBSTONES.clear();
    }

    /** The records of the store {@code name} for application {@code app}. */
    public static Map<String, SessionRecord> records(String name, String app) {
        return SHARED.computeIfAbsent(name, n -> new ConcurrentHashMap<>())
                .computeIfAbsent(app, a -> new ConcurrentHashMap<>());
    }

    /** Makes every call fail as if the backend were unreachable, until set back. */
    public void setDown(boolean down) {
        this.down = down;
    }

    /** Makes every call take this long first, as a slow backend would (0: none). */
    public void setLatencyMillis(long latencyMillis) {
        this.latencyMillis = latencyMillis;
    }

    /** Makes the next {@code n} writes report a version conflict after someone else's write. */
    public void failNextWrites(int n) {
        failNextWrites.set(n);
    }

    /**
     * Holds the next write at the test gate {@code gate} ({@code io.sessionstores.core.it.Gates})
     * before it is applied: a write in flight, for as long as the test wants.
     */
    public void holdNextWrite(String gate) {
        holdNextWriteAt.set(gate);
    }

    /**
     * Holds the next read at the test gate {@code gate} after it has taken the stored record: a
     * read in flight whose answer is already fixed, for as long as the test wants.
     */
    public void holdNextRead(String gate) {
        holdNextReadAt.set(gate);
    }

    public long calls(String method) {
        LongAdder a = calls.get(method);
        return a == null ? 0 : a.sum();
    }

    public long totalCalls() {
        return calls.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public void resetCalls() {
        calls.clear();
    }

    public Map<String, SessionRecord> records() {
        return records;
    }

    @Override
    public void start(StoreContext context) {
        this.context = context;
        this.records = records(name, context.appName());
        this.tombstones = TOMBSTONES.computeIfAbsent(name, n -> new ConcurrentHashMap<>())
                .computeIfAbsent(context.appName(), a -> new ConcurrentHashMap<>());
    }

    @Override
    public void stop() {
        // nothing to release
    }

    private void call(String method) throws StoreException {
        calls.computeIfAbsent(method, m -> new LongAdder()).increment();
        if (latencyMillis > 0) {
            try {
                Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("in-memory store '" + name + "' interrupted");
            }
        }
        if (down) {
            throw new StoreException("in-memory store '" + name + "' is marked down");
        }
    }

    @Override
    public SessionRecord read(String id) throws StoreException {
        call("read");
        SessionRecord r = records.get(id);
        String gate = holdNextReadAt.getAndSet(null);
        if (gate != null) {
            Gates.pass(gate);
        }
        return r == null || r.isExpired(context.now()) ? null : r;
    }

    @Override
    public boolean write(SessionRecord record, long expectedVersion) throws StoreException {
        call("write");
        String gate = holdNextWriteAt.getAndSet(null);
        if (gate != null) {
            Gates.pass(gate);
        }
        if (failNextWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return false;
        }
        long now = context.now();
        boolean[] written = {false};
        records.compute(record.id(), (id, old) -> {
            boolean live = old != null && !old.isExpired(now);
            long current = live ? old.version() : 0;
            if (current != expectedVersion || expectedVersion == 0 && tombstoned(id, now)) {
                return old;
            }
            written[0] = true;
            return record;
        });
        return written[0];
    }

    @Override
    public boolean touch(String id, long lastAccess, long expiresAt) throws StoreException {
        call("touch");
        long now = context.now();
        boolean[] touched = {false};
        records.computeIfPresent(id, (k, old) -> {
            if (old.isExpired(now)) {
                return old;
            }
            touched[0] = true;
            long newExpiry = old.expiresAt() == SessionRecord.NEVER_EXPIRES || expiresAt == SessionRecord.NEVER_EXPIRES
                    ? old.expiresAt() : Math.max(old.expiresAt(), expiresAt);
            return new SessionRecord(k, old.frame(), old.version(), newExpiry, Math.max(old.lastAccess(), lastAccess),
                    old.maxInactive(), old.rawBytes());
        });
        return touched[0];
    }

    @Override
    public boolean changeId(String oldId, String newId) throws StoreException {
        call("changeId");
        return move(oldId, newId, 0);
    }

    /** Moves the record; {@code tombstoneUntil} above 0 leaves a tombstone under the old id. */
    private boolean move(String oldId, String newId, long tombstoneUntil) {
        synchronized (records) {
            SessionRecord old = records.get(oldId);
            if (old == null || old.isExpired(context.now())) {
                return false;
            }
            records.put(newId, new SessionRecord(newId, old.frame(), old.version(), old.expiresAt(), old.lastAccess(),
                    old.maxInactive(), old.rawBytes()));
            records.compute(oldId, (k, gone) -> {
                if (tombstoneUntil > 0) {
                    tombstones.put(k, tombstoneUntil);
                }
                return null;
            });
            return true;
        }
    }

    /** Whether a tombstone lives under {@code id}; call inside a compute of the id's record. */
    private boolean tombstoned(String id, long now) {
        Long until = tombstones.get(id);
        return until != null && until > now;
    }

    @Override
    public boolean deleteLeavingTombstone(String id, long version, long tombstoneUntil) throws StoreException {
        call("deleteLeavingTombstone");
        boolean[] laid = {false};
        records.compute(id, (k, old) -> {
            if (version != 0 && (old == null || old.version() != version)) {
                return old;
            }
            tombstones.put(k, tombstoneUntil);
            laid[0] = true;
            return null;
        });
        return laid[0];
    }

    @Override
    public boolean changeIdLeavingTombstone(String oldId, String newId, long tombstoneUntil) throws StoreException {
        call("changeIdLeavingTombstone");
        return move(oldId, newId, tombstoneUntil);
    }

    @Override
    public void delete(String id) throws StoreException {
        call("delete");
        records.remove(id);
    }

    @Override
    public boolean deleteIfVersion(String id, long version) throws StoreException {
        call("deleteIfVersion");
        boolean[] deleted = {false};
        records.computeIfPresent(id, (k, old) -> {
            if (old.version() == version) {
                deleted[0] = true;
                return null;
            }
            return old;
        });
        return deleted[0];
    }

    @Override
    public long count() throws StoreException {
        call("count");
        return records.size();
    }

    /** Keyset by id: the ids after the cursor, in order, filtered by size. */
    @Override
    public ScanBatch scan(ScanRequest request) throws StoreException {
        call("scan");
        long now = context.now();
        List<ScannedRecord> found = new ArrayList<>();
        String last = null;
        List<String> ids = records.keySet().stream()
                .filter(id -> request.cursor() == null || id.compareTo(request.cursor()) > 0).sorted().toList();
        for (String id : ids) {
            if (found.size() == request.limit()) {
                return new ScanBatch(found, found.size(), last);
            }
            SessionRecord r = records.get(id);
            if (r != null && request.accepts(r.rawBytes())) {
                found.add(request.headBytes() > 0 && r.frame().length > request.headBytes()
                        ? ScannedRecord.at(new SessionRecord(r.id(), Arrays.copyOf(r.frame(), request.headBytes()),
                                r.version(), r.expiresAt(), r.lastAccess(), r.maxInactive(), r.rawBytes()), now,
                                r.frame().length)
                        : ScannedRecord.at(r, now));
                last = id;
            }
        }
        return new ScanBatch(found, found.size(), null);
    }

    @Override
    public List<ScannedRecord> lookup(Collection<String> ids) throws StoreException {
        call("lookup");
        long now = context.now();
        List<ScannedRecord> found = new ArrayList<>();
        for (String id : ids) {
            SessionRecord r = records.get(id);
            if (r != null) {
                found.add(ScannedRecord.at(r, now));
            }
        }
        return found;
    }
}
