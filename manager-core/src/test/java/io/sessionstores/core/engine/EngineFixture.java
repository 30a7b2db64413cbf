package io.sessionstores.core.engine;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import org.apache.catalina.Session;
import org.apache.catalina.core.StandardContext;
import org.apache.juli.logging.LogFactory;

import io.sessionstores.core.SessionStoreManager;
import io.sessionstores.core.codec.AttributeCodec;
import io.sessionstores.core.codec.AttributeCodecs;
import io.sessionstores.core.codec.ClassNameFilter;
import io.sessionstores.core.frame.FrameOptions;
import io.sessionstores.core.frame.FrameReader;
import io.sessionstores.core.frame.FrameWriter;
import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.support.RateLimitedLog;

/**
 * The node engine of one Manager, assembled as the Manager's start assembles it, without Tomcat
 * running: the in-memory store (records shared by every fixture of the same store name, as nodes
 * share a backend), a clock the test moves, and an unstarted Manager that only gives the sessions
 * their Context (for listeners) and the configuration ({@link ManagerConfig#validate}).
 */
final class EngineFixture {

    static final String APP = "/Catalina/localhost/engine";
    static final long T0 = 1_800_000_000_000L;

    final AtomicLong clock;
    final SessionStoreManager manager = new SessionStoreManager();
    final ManagerConfig config;
    final ManagerStats stats = new ManagerStats();
    final InMemorySessionStore store = new InMemorySessionStore();
    final AttributeValues values;
    final PersistenceProblems problems;
    final StoreCalls calls;
    final RecordLoader recordLoader;
    final SessionSaver sessionSaver;
    final Map<String, Session> sessions = new ConcurrentHashMap<>();
    final LocalSessions local;
    /** The near cache, when the fixture was given a change stream ({@code null} otherwise). */
    final NearCache near;
    private final FrameOptions frameOptions;

    /** A node on the in-memory store {@code storeName} with the Manager attributes {@code settings} sets. */
    EngineFixture(String storeName, AtomicLong clock, Consumer<SessionStoreManager> settings) {
        this(storeName, clock, settings, null);
    }

    /** {@link #EngineFixture(String, AtomicLong, Consumer)} with a near cache following {@code stream}. */
    EngineFixture(String storeName, AtomicLong clock, Consumer<SessionStoreManager> settings,
                  io.sessionstores.core.store.ChangeStream stream) {
        this.clock = clock;
        StandardContext context = new StandardContext();
        context.setName("engine");
        context.setPath("/engine");
        manager.setContext(context);
        useClock(manager, clock);
        manager.setAllowedClassNames("io\\.sessionstores\\.core\\.engine\\..*");
        settings.accept(manager);
        config = freezeConfig(manager);
        store.setName(storeName);
        store.start(new StoreContext(APP, "engine test", getClass().getClassLoader(), clock::get));
        ClassNameFilter filter = ClassNameFilter.of(config.classNameFilter());
        AttributeCodec codec = AttributeCodecs.create(config.codec(), filter, config.maxDepth());
        values = new AttributeValues(codec, id -> AttributeCodecs.forId(id, filter), Pattern.compile(".*"));
        RateLimitedLog recurring = new RateLimitedLog(LogFactory.getLog(EngineFixture.class), 10_000, clock::get);
        problems = new PersistenceProblems(stats, LogFactory.getLog(EngineFixture.class), recurring, "engine test",
                codec.name(), clock::get);
        frameOptions = new FrameOptions(config.compressMinLength(), config.maxDecodedSize(), config.hmacKey());
        calls = new StoreCalls(store, stats);
        recordLoader = loader();
        sessionSaver = new SessionSaver(calls, values, new FrameWriter(frameOptions), recordLoader, config, stats,
                clock::get, problems, APP);
        near = stream == null ? null
                : new NearCache(stream, stats, LogFactory.getLog(EngineFixture.class), recurring, "engine test");
        local = new LocalSessions(sessions, calls, recordLoader, sessionSaver, config, stats, recurring, "engine test",
                clock::get, () -> new VersionedSession(manager), near);
        if (near != null) {
            near.start();
        }
    }

    EngineFixture(String storeName) {
        this(storeName, new AtomicLong(T0), m -> { });
    }

    /** The Manager's validated settings, as its start freezes them (package-private to its package). */
    private static ManagerConfig freezeConfig(SessionStoreManager manager) {
        try {
            Method freeze = SessionStoreManager.class.getDeclaredMethod("freezeConfig");
            freeze.setAccessible(true);
            return (ManagerConfig) freeze.invoke(manager);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("SessionStoreManager.freezeConfig() is gone: " + e, e);
        }
    }

    /** The Manager's clock is package-private to its package: set here as its start would have it. */
    private static void useClock(SessionStoreManager manager, AtomicLong clock) {
        try {
            Method setClock = SessionStoreManager.class.getDeclaredMethod("setClock", LongSupplier.class);
            setClock.setAccessible(true);
            setClock.invoke(manager, (LongSupplier) clock::get);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("SessionStoreManager.setClock(LongSupplier) is gone: " + e, e);
        }
    }

    /** A loader of stored records with this node's settings. */
    private RecordLoader loader() {
        return new RecordLoader(new FrameReader(frameOptions), values, getClass().getClassLoader(), config, stats,
                problems, APP);
    }

    /** This node's saver, the one its {@link LocalSessions} uses. */
    SessionSaver saver() {
        return sessionSaver;
    }

    /** A new session of this node with {@code id}, created now, not yet stored. */
    VersionedSession newSession(String id) {
        VersionedSession s = new VersionedSession(manager);
        s.setNew(true);
        s.setValid(true);
        s.setCreationTime(clock.get());
        s.setMaxInactiveInterval(1800);
        s.setLoadedId(id);
        return s;
    }
}
