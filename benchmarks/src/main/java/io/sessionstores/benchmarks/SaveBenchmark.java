package io.sessionstores.benchmarks;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.catalina.Session;
import org.apache.catalina.core.StandardContext;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.sessionstores.core.SessionStoreManager;
import io.sessionstores.core.codec.AttributeCodec;
import io.sessionstores.core.codec.AttributeCodecs;
import io.sessionstores.core.codec.ClassNameFilter;
import io.sessionstores.core.engine.AttributeValues;
import io.sessionstores.core.engine.LocalSessions;
import io.sessionstores.core.engine.ManagerConfig;
import io.sessionstores.core.engine.ManagerStats;
import io.sessionstores.core.engine.PersistenceProblems;
import io.sessionstores.core.engine.RecordLoader;
import io.sessionstores.core.engine.SaveMode;
import io.sessionstores.core.engine.SessionSaver;
import io.sessionstores.core.engine.SessionUse;
import io.sessionstores.core.engine.StoreCalls;
import io.sessionstores.core.engine.VersionedSession;
import io.sessionstores.core.frame.FrameOptions;
import io.sessionstores.core.frame.FrameReader;
import io.sessionstores.core.frame.FrameWriter;
import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.testsupport.SampleSessions;

/**
 * The CPU of one modifying request's save, as the request valve makes it: the node engine the
 * Manager's start assembles (its public parts, in sticky mode so that no store read comes
 * between), on a store that keeps records in a map (no I/O: only the Manager's own work is
 * measured). The session is {@link SampleSessions#large()}: 10 attributes from 8 bytes to about
 * 45 KB, five of them mutable collections; each request sets one ({@code lastSeen}, a new
 * {@code Long}) and the save encodes, compares, frames (LZ4, CRC) and writes.
 *
 * <p>Needs Tomcat's classes: run it with the distribution's {@code lib/} on the class path
 * ({@code java -cp benchmarks.jar:$CATALINA_HOME/lib/*:$CATALINA_HOME/bin/tomcat-juli.jar
 * org.openjdk.jmh.Main SaveBenchmark}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SaveBenchmark {

    private static final String APP = "/Catalina/localhost/bench";
    private static final String ID = "0123456789ABCDEF0123456789ABCDEF";

    @Param({"digest", "set_attribute"})
    public String saveMode;

    private LocalSessions local;
    private long request;

    @Setup
    public void setUp() {
        SessionStoreManager manager = new SessionStoreManager();
        StandardContext context = new StandardContext();
        context.setName("bench");
        context.setPath("/bench");
        manager.setContext(context);
        ClassNameFilter filter = ClassNameFilter.jdkValueTypesAnd(null);
        ManagerConfig config = new ManagerConfig("java", filter.pattern(), AttributeCodecs.DEFAULT_MAX_DEPTH, FrameOptions.DEFAULT_COMPRESS_MIN_LENGTH,
                FrameOptions.DEFAULT_MAX_DECODED_SIZE, null, true, SaveMode.valueOf(saveMode.toUpperCase()), -1, 10,
                true, -1, -1, 503, null);
        AttributeCodec codec = AttributeCodecs.create("java", filter);
        AttributeValues values = new AttributeValues(codec, id -> AttributeCodecs.forId(id, filter),
                Pattern.compile(".*"));
        ManagerStats stats = new ManagerStats();
        Log log = LogFactory.getLog(SaveBenchmark.class);
        io.sessionstores.core.support.RateLimitedLog recurring = new io.sessionstores.core.support.RateLimitedLog(
                log, 10_000, System::currentTimeMillis);
        PersistenceProblems problems = new PersistenceProblems(stats, log, recurring, "bench", "java",
                System::currentTimeMillis);
        FrameOptions options = FrameOptions.defaults();
        StoreCalls calls = new StoreCalls(new MapStore(), stats);
        RecordLoader loader = new RecordLoader(new FrameReader(options), values, getClass().getClassLoader(), config,
                stats, problems, APP);
        SessionSaver saver = new SessionSaver(calls, values, new FrameWriter(options), loader, config, stats,
                System::currentTimeMillis, problems, APP);
        Map<String, Session> sessions = new ConcurrentHashMap<>();
        local = new LocalSessions(sessions, calls, loader, saver, config, stats, recurring, "bench",
                System::currentTimeMillis, () -> new VersionedSession(manager), null);
        VersionedSession session = new VersionedSession(manager);
        session.setNew(true);
        session.setValid(true);
        session.setCreationTime(System.currentTimeMillis());
        session.setMaxInactiveInterval(1800);
        session.setId(ID, false);
        sessions.put(ID, session);
        SampleSessions.large().forEach(session::setAttribute);
        if (!local.endRequest(null, ID, session, SessionUse.USED)) {
            throw new IllegalStateException("the first save failed");
        }
    }

    /** One request that sets one attribute, and its save (a write). */
    @Benchmark
    public boolean saveOneChangedAttribute() {
        VersionedSession session = local.beginRequest(ID);
        session.setAttribute("lastSeen", Long.valueOf(1_763_766_000_000L + ++request));
        boolean stored = local.endRequest(null, ID, session, SessionUse.USED);
        if (!stored) {
            throw new IllegalStateException("a save failed");
        }
        return stored;
    }

    /** A store that keeps the records in a map: compare-and-set writes, no I/O. */
    private static final class MapStore implements SessionStore {
        private final Map<String, SessionRecord> records = new ConcurrentHashMap<>();

        @Override
        public void start(StoreContext context) {
        }

        @Override
        public void stop() {
        }

        @Override
        public SessionRecord read(String id) {
            return records.get(id);
        }

        @Override
        public boolean write(SessionRecord record, long expectedVersion) {
            SessionRecord old = records.get(record.id());
            if ((old == null ? 0 : old.version()) != expectedVersion) {
                return false;
            }
            records.put(record.id(), record);
            return true;
        }

        @Override
        public boolean touch(String id, long lastAccess, long expiresAt) {
            return records.containsKey(id);
        }

        @Override
        public boolean changeId(String oldId, String newId) {
            throw new UnsupportedOperationException("not in this benchmark");
        }

        @Override
        public void delete(String id) {
            records.remove(id);
        }

        @Override
        public boolean deleteIfVersion(String id, long version) {
            throw new UnsupportedOperationException("not in this benchmark");
        }

        @Override
        public long count() {
            return records.size();
        }

        @Override
        public ScanBatch scan(ScanRequest request) {
            throw new UnsupportedOperationException("not in this benchmark");
        }

        @Override
        public List<ScannedRecord> lookup(Collection<String> ids) {
            throw new UnsupportedOperationException("not in this benchmark");
        }
    }
}
