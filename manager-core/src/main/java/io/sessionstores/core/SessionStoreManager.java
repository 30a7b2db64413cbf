package io.sessionstores.core;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Session;
import org.apache.catalina.Store;
import org.apache.catalina.session.ManagerBase;
import org.apache.catalina.session.StandardSession;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

import io.sessionstores.core.codec.AttributeCodec;
import io.sessionstores.core.codec.AttributeCodecs;
import io.sessionstores.core.codec.ClassNameFilter;
import io.sessionstores.core.codec.JsonAttributeCodec;
import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.engine.AttributeValues;
import io.sessionstores.core.engine.LocalSessions;
import io.sessionstores.core.engine.ManagerConfig;
import io.sessionstores.core.engine.ManagerStats;
import io.sessionstores.core.engine.NearCache;
import io.sessionstores.core.engine.PersistenceProblems;
import io.sessionstores.core.engine.RecordLoader;
import io.sessionstores.core.engine.SessionHost;
import io.sessionstores.core.engine.SessionSaver;
import io.sessionstores.core.engine.StoreCalls;
import io.sessionstores.core.engine.StoredSessions;
import io.sessionstores.core.engine.UserSessionsEngine;
import io.sessionstores.core.engine.VersionedSession;
import io.sessionstores.core.frame.FrameOptions;
import io.sessionstores.core.frame.FrameReader;
import io.sessionstores.core.frame.FrameWriter;
import io.sessionstores.core.migrate.Migration;
import io.sessionstores.core.migrate.SessionMigrationMBean;
import io.sessionstores.core.store.ChangeStream;
import io.sessionstores.core.store.SessionIds;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.store.UserSession;
import io.sessionstores.core.support.LogText;
import io.sessionstores.core.support.RateLimitedLog;

/**
 * A Tomcat {@code Manager} whose sessions live in a {@link SessionStore} (JDBC, Redis, ...), so
 * they survive restarts and are shared by every node behind a load balancer.
 *
 * <pre>
 * &lt;Context&gt;
 *   &lt;Manager className="io.sessionstores.core.SessionStoreManager"&gt;
 *     &lt;Store className="io.sessionstores.jdbc.JdbcSessionStore" dataSourceName="jdbc/sessions"/&gt;
 *   &lt;/Manager&gt;
 * &lt;/Context&gt;
 * </pre>
 *
 * <p>Per request: the Manager's {@link SessionSaveValve} (added to the context's pipeline
 * automatically) reads the requested session from the store once when the request uses it (not at
 * all in sticky mode when this node holds it; not at all for a request that never asks for it, a
 * static file say), and after the application returns, writes it once if it changed, touches
 * its expiry if due, or does nothing. Concurrent writers are reconciled by record versions: a
 * conflicting write reloads, lays this request's attribute changes over the newer state and tries
 * again. Ids are untrusted: anything that is not what the session id generator produces never
 * reaches the store.
 *
 * <p>This node expires only the sessions it holds in memory, after checking the store (another
 * node may have used the session), and fires the listeners for them; records nobody holds are
 * removed by the store's bulk expiry without being loaded.
 *
 * <p>Over 400 lines for one reason: Tomcat's digester and JMX configure a Manager through the
 * Manager's own setters, so its operator attributes (each with the javadoc that is the operators'
 * documentation) live here, beside Tomcat's {@code ManagerBase} overrides. Everything else is
 * handed to parts built at start: {@link ManagerSettings} checks the attributes, the engine
 * ({@link LocalSessions} and the parts it is given) serves and saves the sessions,
 * {@link SessionSaveValve} drives the request path, {@link ContextWiring} and {@link ManagerJmx}
 * connect to the context and to JMX, and {@link ManagerStats} keeps the statistics.
 */
public class SessionStoreManager extends ManagerBase implements SessionHost {

    private final Log log = LogFactory.getLog(SessionStoreManager.class); // per instance, as ManagerBase's
    private static final String NAME = "SessionStoreManager";
    /**
     * Longest time one {@link #processExpires()} run may spend on store calls: it runs on Tomcat's
     * background thread, which every context of the Engine shares. What is left waits for the
     * next run (sessions past their time are never served meanwhile: a request reads the store).
     */
    static final long EXPIRY_BUDGET_MILLIS = 1000;

    // ---- XML attributes (defaults beside the fields) -----------------------------------------
    private String codec = "java";
    private String allowedClassNames;
    private int compressMinLength = FrameOptions.DEFAULT_COMPRESS_MIN_LENGTH;
    private int maxDecodedSize = FrameOptions.DEFAULT_MAX_DECODED_SIZE;
    private String hmacKey;
    private String hmacKeyEnv;
    private boolean sticky;
    private boolean nearCache = true;
    /** How long a change made outside a request waits for the change stream to carry it. */
    private static final long OUTSIDE_REQUEST_CARRY_MILLIS = 1_000;
    private volatile NearCache near;
    private String saveMode = "digest";
    private int touchWindow = -1;
    private int maxSaveRetries = 10;
    private int stickyMaxAge = 60;
    private int maxIdleCopies = 10_000;
    private int unsavedStatus = 503;
    private volatile int maxSessionsPerUser;
    private String principalAttribute;
    private int maxDepth = AttributeCodecs.DEFAULT_MAX_DEPTH;
    private int maxListedSessions = 1000;
    private Store store;
    /** What this Manager put in JMX beside itself (store, analyzer, migration), while started. */
    private volatile ManagerJmx jmx;
    /** The store the running Manager calls: the {@code <Store>}, with its migration fallback if any. */
    private volatile SessionStore activeStore;

    // ---- running state ---------------------------------------------------------------------
    private final ManagerStats stats = new ManagerStats();
    private final SessionSaveValve valve = new SessionSaveValve(this);
    /** Where the application starts in the pipeline; a new one at each start (a removed valve is destroyed). */
    private volatile ApplicationStartValve applicationStart;
    private volatile LongSupplier clock = System::currentTimeMillis;
    private volatile ManagerConfig config;
    private volatile LocalSessions local;
    private volatile ManagerUsers users;
    private volatile StoredSessions stored;
    private volatile RateLimitedLog storeErrorLog = new RateLimitedLog(log, 10_000, System::currentTimeMillis);
    private volatile String logName = NAME;
    private volatile UnsavedResponses unsavedResponses = new UnsavedResponses(stats, log, storeErrorLog, NAME, 503);
    /** The class-name allowlist in force, frozen at start ({@code null} before). */
    private volatile ClassNameFilter distributionFilter;

    public SessionStoreManager() {
        setPersistAuthentication(true);
    }

    // ---- configuration ---------------------------------------------------------------------

    /** Attribute codec: {@code java} (default, Java serialization with an allowlist) or {@code json} (Jackson). */
    public void setCodec(String codec) {
        this.codec = fixed("codec", this.codec, codec);
    }

    public String getCodec() {
        return codec;
    }

    /**
     * Regular expression of class names allowed in session attributes, in addition to the JDK
     * value types allowed by default (boxed primitives, String, collections, java.time, ...);
     * typically your application's packages, e.g. {@code com\.example\..*}. A class must match
     * the whole expression (Tomcat's {@code sessionAttributeValueClassNameFilter} semantics). When
     * {@code sessionAttributeValueClassNameFilter} is set instead, it replaces the default list.
     */
    public void setAllowedClassNames(String allowedClassNames) {
        this.allowedClassNames = fixed("allowedClassNames", this.allowedClassNames, allowedClassNames);
    }

    public String getAllowedClassNames() {
        return allowedClassNames;
    }

    /**
     * Deepest nesting of objects inside one attribute value read from the store (a list of beans
     * holding maps is 3 or 4); a deeper value is refused and its attribute dropped (logged,
     * counted). Default 25, allowed 2 to 1000. It bounds what a hostile stored value can make a
     * read cost, such as nested sets whose rebuilding costs 2^depth {@code hashCode} calls.
     */
    public void setMaxDepth(int maxDepth) {
        this.maxDepth = fixed("maxDepth", this.maxDepth, maxDepth);
    }

    public int getMaxDepth() {
        return maxDepth;
    }

    /** Attribute sections of at least this many bytes are LZ4-compressed (if that makes them smaller). Default 400. */
    public void setCompressMinLength(int compressMinLength) {
        this.compressMinLength = fixed("compressMinLength", this.compressMinLength, compressMinLength);
    }

    public int getCompressMinLength() {
        return compressMinLength;
    }

    /** Largest decoded session accepted from the store, in bytes; larger ones are refused as corrupt. Default 16 MiB. */
    public void setMaxDecodedSize(int maxDecodedSize) {
        this.maxDecodedSize = fixed("maxDecodedSize", this.maxDecodedSize, maxDecodedSize);
    }

    public int getMaxDecodedSize() {
        return maxDecodedSize;
    }

    /**
     * Secret key (at least 16 characters) to sign stored sessions with HMAC-SHA256; a session
     * whose signature does not verify is never deserialized. Prefer {@code hmacKeyEnv}.
     */
    public void setHmacKey(String hmacKey) {
        this.hmacKey = fixedSecret("hmacKey", this.hmacKey, hmacKey);
    }

    /** Name of an environment variable holding the HMAC key (kept out of context.xml). */
    public void setHmacKeyEnv(String hmacKeyEnv) {
        this.hmacKeyEnv = fixed("hmacKeyEnv", this.hmacKeyEnv, hmacKeyEnv);
    }

    public String getHmacKeyEnv() {
        return hmacKeyEnv;
    }

    /**
     * {@code true} when the load balancer is sticky: a session this node holds is served without
     * reading the store (0 store reads per request). Default {@code false}: one read per request,
     * so every node sees the latest state.
     */
    public void setSticky(boolean sticky) {
        this.sticky = fixed("sticky", this.sticky, sticky);
    }

    public boolean getSticky() {
        return sticky;
    }

    /**
     * {@code true} (default): when the store has a change stream (Redis; see the README's "Reads
     * at zero round trips"), a session this node holds is served without reading the store for
     * as long as the stream vouches for it: this node read or wrote it while following the
     * stream, and no newer version was announced since. {@code false}: one store read per
     * request, as for a store without a stream.
     */
    public void setNearCache(boolean nearCache) {
        this.nearCache = fixed("nearCache", this.nearCache, nearCache);
    }

    public boolean getNearCache() {
        return nearCache;
    }

    /**
     * After a change made outside a request (manager webapp, JMX, the user index's logout): waits
     * (at most a second) until this node's change stream has carried it, so that the other nodes'
     * copies are already stale when the operator's next request reaches them. No wait without a
     * followed stream.
     *
     * @param version the session's new version, or {@link ChangeStream#GONE} for its end
     */
    @Override
    public void awaitCarried(String id, long version) {
        NearCache n = near;
        if (n != null && id != null) {
            n.awaitCarried(id, version, OUTSIDE_REQUEST_CARRY_MILLIS);
        }
    }

    /** Whether this node follows its store's change stream now (JMX). */
    public boolean getNearCacheFollowing() {
        NearCache n = near;
        return n != null && n.isFollowing();
    }

    /** Why the change stream was last reset, or why there is none (JMX). */
    public String getNearCacheState() {
        NearCache n = near;
        if (n == null) {
            return nearCache ? "off: the store has no change stream" : "off: nearCache=false";
        }
        return n.isFollowing() ? "following" : "not following: " + n.lastReset();
    }

    /**
     * When a session is written: {@code digest} (default: any attribute whose serialized bytes
     * changed, even if mutated in place), {@code set_attribute} (only after setAttribute /
     * removeAttribute), {@code always} (every request whose application got the session).
     */
    public void setSaveMode(String saveMode) {
        this.saveMode = fixed("saveMode", this.saveMode, saveMode);
    }

    public String getSaveMode() {
        return saveMode;
    }

    /**
     * Seconds within which an unchanged session's stored expiry is not refreshed again; -1
     * (default) for automatic: 5% of the session timeout, between 1 and 60 seconds. A session
     * never expires early because of it, and outlives its timeout by at most this window.
     */
    public void setTouchWindow(int touchWindow) {
        this.touchWindow = fixed("touchWindow", this.touchWindow, touchWindow);
    }

    public int getTouchWindow() {
        return touchWindow;
    }

    /**
     * How often a save is retried after a version conflict with another node (default 10, 0 to
     * 20). The first retries re-read and write again at once, later ones after a random pause of
     * at most a millisecond. A change that still could not be written is refused: see
     * {@code unsavedStatus}. (The requests of one node never conflict with each other: their
     * saves of one session are coalesced into one write.)
     */
    public void setMaxSaveRetries(int maxSaveRetries) {
        this.maxSaveRetries = fixed("maxSaveRetries", this.maxSaveRetries, maxSaveRetries);
    }

    public int getMaxSaveRetries() {
        return maxSaveRetries;
    }

    /**
     * Sticky mode: seconds for which this node serves its copy of a session without reading the
     * store (default 60). A copy the store confirmed longer ago than this (by a read, write or
     * touch) is read again, so a change made on another node (after a failover, or by a request
     * the balancer sent elsewhere) is seen within this bound. {@code -1}: no bound (the copy is
     * re-read only when it looks expired). A copy past its timeout is always checked against the
     * store before it is expired: another node may have extended it.
     */
    public void setStickyMaxAge(int stickyMaxAge) {
        this.stickyMaxAge = fixed("stickyMaxAge", this.stickyMaxAge, stickyMaxAge);
    }

    public int getStickyMaxAge() {
        return stickyMaxAge;
    }

    /**
     * Most sessions this node keeps in memory before it drops idle copies, least recently used
     * first (default 10000; {@code -1}: no bound). A copy that a request is using, that was never
     * written, or whose last save failed is never dropped. A dropped copy is not a destroyed
     * session: it lives on in the store, no listener fires, and the next request for it reads it
     * again. {@code activeSessions} counts the copies held, in use or idle.
     */
    public void setMaxIdleCopies(int maxIdleCopies) {
        this.maxIdleCopies = fixed("maxIdleCopies", this.maxIdleCopies, maxIdleCopies);
    }

    public int getMaxIdleCopies() {
        return maxIdleCopies;
    }

    /**
     * HTTP status answered to a request whose session change could not be stored (the store is
     * down, conflicts outlasted {@code maxSaveRetries}, the session exceeds
     * {@code maxDecodedSize}), instead of the application's response: default 503, any status
     * from 400 to 599. This node drops its copy, so the next request sees the stored state. A
     * response the application had already committed (flushed) cannot be changed: that case is
     * logged and counted ({@code unsavedAfterCommit}).
     */
    public void setUnsavedStatus(int unsavedStatus) {
        this.unsavedStatus = fixed("unsavedStatus", this.unsavedStatus, unsavedStatus);
    }

    public int getUnsavedStatus() {
        return unsavedStatus;
    }

    /**
     * Most sessions one user may have (default 0: no limit). Above it, a login ends the user's
     * least recently used other sessions, as a logout would. Needs a store with a user index
     * (every store of this project keeps one); may be changed while the Manager runs (JMX).
     */
    public void setMaxSessionsPerUser(int maxSessionsPerUser) {
        if (maxSessionsPerUser < 0) {
            throw new IllegalArgumentException(new ConfigException("maxSessionsPerUser", maxSessionsPerUser,
                    "0 (no limit) or more").getMessage());
        }
        this.maxSessionsPerUser = maxSessionsPerUser;
    }

    public int getMaxSessionsPerUser() {
        return maxSessionsPerUser;
    }

    /**
     * For applications that log in on their own (no container authentication): the session
     * attribute naming the user, for the user index (sessions by user, {@code logoutUser},
     * {@code maxSessionsPerUser}). Its value may be the name ({@code String}), a
     * {@code Principal}, or Spring Security's {@code SecurityContext}
     * ({@code SPRING_SECURITY_CONTEXT}: its authentication's name). Default none. A container
     * login, when there is one, names the user instead.
     */
    public void setPrincipalAttribute(String principalAttribute) {
        this.principalAttribute = fixed("principalAttribute", this.principalAttribute, principalAttribute);
    }

    public String getPrincipalAttribute() {
        return principalAttribute;
    }

    /**
     * JMX {@code sessionsOfUser}: the user's live sessions on every node, one line each (hashed
     * id, created, last used, expires, size), most recently used first; never a raw id.
     */
    public String sessionsOfUser(String user) throws StoreException {
        StringBuilder lines = new StringBuilder();
        for (UserSession s : runningUsers().engine().sessionsOf(user)) {
            lines.append(s).append('\n');
        }
        return lines.toString();
    }

    /**
     * JMX {@code logoutUser}: ends every session of the user on every node, as a logout would
     * (listeners fire once, on this node).
     *
     * @return how many sessions were ended
     */
    public int logoutUser(String user) throws StoreException {
        return runningUsers().engine().logout(user, null);
    }

    private ManagerUsers runningUsers() {
        ManagerUsers u = users;
        if (u == null) {
            throw new IllegalStateException(logName + ": the Manager is not running");
        }
        if (!u.engine().available()) {
            throw new IllegalStateException(logName + ": " + store.getClass().getSimpleName() + " keeps no index of"
                    + " users: sessions by user need a store that keeps one (every store of session-stores does)");
        }
        return u;
    }

    /**
     * Most sessions Tomcat's manager webapp lists (and {@code /manager/text/sessions} counts, and
     * JMX {@code listSessionIds} names), read from the store in its own order, 500 per store call,
     * so a listing costs at most this many records however many are stored (default 1000, allowed
     * 0 to 100000). {@code 0}: only the copies this node holds, as Tomcat's own Managers list them.
     * A session past the bound is not on the list, nor found by the webapp's session page; JMX
     * operations by id find any stored session.
     */
    public void setMaxListedSessions(int maxListedSessions) {
        this.maxListedSessions = fixed("maxListedSessions", this.maxListedSessions, maxListedSessions);
    }

    public int getMaxListedSessions() {
        return maxListedSessions;
    }

    /** The migration of a store with a {@code migrateFrom} fallback while started, else {@code null}. */
    public SessionMigrationMBean migration() {
        ManagerJmx registered = jmx;
        return registered == null ? null : registered.migration();
    }

    /** The store, set by the nested {@code <Store className="..."/>} element. */
    public void setStore(Store store) {
        this.store = fixed("store", this.store, store);
        if (store != null) {
            store.setManager(this);
        }
    }

    public Store getStore() {
        return store;
    }

    /**
     * Tomcat's attribute, read once at start here (it is part of every stored session's
     * authentication): refused while the Manager runs unless unchanged.
     */
    @Override
    public void setPersistAuthentication(boolean persistAuthentication) {
        super.setPersistAuthentication(fixed("persistAuthentication", getPersistAuthentication(), persistAuthentication));
    }

    /**
     * Tomcat's attribute, read once at start here (the serializer keeps the pattern): refused
     * while the Manager runs unless unchanged.
     */
    @Override
    public void setSessionAttributeNameFilter(String sessionAttributeNameFilter) {
        super.setSessionAttributeNameFilter(fixed("sessionAttributeNameFilter", getSessionAttributeNameFilter(),
                sessionAttributeNameFilter));
    }

    /**
     * Tomcat's attribute, read once at start here (it is the class-name allowlist in force):
     * refused while the Manager runs unless unchanged.
     */
    @Override
    public void setSessionAttributeValueClassNameFilter(String sessionAttributeValueClassNameFilter) {
        super.setSessionAttributeValueClassNameFilter(fixed("sessionAttributeValueClassNameFilter",
                getSessionAttributeValueClassNameFilter(), sessionAttributeValueClassNameFilter));
    }

    /** A setting read once at start: see {@link ConfigCheck#fixedWhileRunning}. */
    private <T> T fixed(String attribute, T inUse, T requested) {
        return ConfigCheck.fixedWhileRunning(getState().isAvailable(), attribute, inUse, requested);
    }

    private <T> T fixedSecret(String attribute, T inUse, T requested) {
        return ConfigCheck.secretFixedWhileRunning(getState().isAvailable(), attribute, inUse, requested);
    }

    /**
     * For tests: the epoch-millisecond clock used for expiry and touch decisions (and handed to
     * the store); may be replaced while the Manager runs.
     */
    void setClock(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public long now() {
        return clock.getAsLong();
    }

    @Override
    public String getName() {
        return NAME;
    }

    // ---- lifecycle -------------------------------------------------------------------------

    @Override
    public void setContext(Context context) {
        Context old = getContext();
        if (old != null && old != context) {
            old.getPipeline().removeValve(valve);
            if (applicationStart != null) {
                old.getPipeline().removeValve(applicationStart);
            }
        }
        super.setContext(context);
        if (context != null && !ContextWiring.hasValve(context, valve)) {
            // Added now, while the context is being configured, so the valve runs before the
            // authenticator and every other valve that may look the session up.
            context.getPipeline().addValve(valve);
        }
    }

    @Override
    protected void startInternal() throws LifecycleException {
        super.startInternal();
        Context context = getContext();
        logName = ContextWiring.describe(context, NAME);
        storeErrorLog = new RateLimitedLog(log, 10_000, this::now);
        ManagerConfig cfg;
        try {
            cfg = freezeConfig();
            SessionIdCheck.check(getSessionIdGenerator(), getJvmRoute());
        } catch (ConfigException e) {
            throw new LifecycleException(logName + ": " + e.getMessage(), e);
        }
        if (!(store instanceof SessionStore configuredStore)) {
            throw new LifecycleException(logName + ": the <Manager className=\"" + getClass().getName()
                    + "\"> needs a nested <Store className=\"...\"/> element naming a session-stores store"
                    + " (for example io.sessionstores.jdbc.JdbcSessionStore), got "
                    + (store == null ? "none" : store.getClass().getName()));
        }
        ClassNameFilter classNameFilter = ClassNameFilter.of(cfg.classNameFilter());
        AttributeCodec attributeCodec = AttributeCodecs.create(cfg.codec(), classNameFilter, cfg.maxDepth());
        if (attributeCodec instanceof JsonAttributeCodec) {
            log.info(logName + ": " + JsonAttributeCodec.startupNote());
        }
        FrameOptions frameOptions = new FrameOptions(cfg.compressMinLength(), cfg.maxDecodedSize(), cfg.hmacKey());
        AttributeValues serializer = new AttributeValues(attributeCodec,
                id -> AttributeCodecs.forId(id, classNameFilter), getSessionAttributeNamePattern());
        ClassLoader loader = ContextWiring.webappClassLoader(context);
        SessionStore sessionStore;
        try {
            sessionStore = Migration.wrap(configuredStore);
            sessionStore.start(new StoreContext(ContextWiring.appName(context), logName, loader, this::now));
        } catch (StoreException | ConfigException e) {
            throw new LifecycleException(logName + ": the store did not start: " + e.getMessage(), e);
        }
        this.config = cfg;
        this.activeStore = sessionStore;
        this.jmx = ManagerJmx.register(getObjectName(), configuredStore, sessionStore, ContextWiring.appName(context), log, logName,
                this::now);
        PersistenceProblems problems = new PersistenceProblems(stats, log, storeErrorLog, logName,
                attributeCodec.name(), this::now);
        StoreCalls calls = new StoreCalls(sessionStore, stats);
        RecordLoader recordLoader = new RecordLoader(new FrameReader(frameOptions), serializer, loader, cfg, stats,
                problems, ContextWiring.appName(context));
        SessionSaver saver = new SessionSaver(calls, serializer, new FrameWriter(frameOptions), recordLoader, cfg, stats,
                this::now, problems, ContextWiring.appName(context));
        this.unsavedResponses = new UnsavedResponses(stats, log, storeErrorLog, logName, cfg.unsavedStatus());
        ChangeStream changes = nearCache ? sessionStore.changeStream() : null;
        NearCache nearCopies = changes == null ? null : new NearCache(changes, stats, log, storeErrorLog, logName);
        this.local = new LocalSessions(sessions, calls, recordLoader, saver, cfg, stats, storeErrorLog, logName,
                this::now, () -> (VersionedSession) getNewSession(), nearCopies);
        this.near = nearCopies;
        if (nearCopies != null) {
            nearCopies.start();
        }
        UserSessionsEngine userEngine = new UserSessionsEngine(sessionStore, id -> users.end(id),
                () -> maxSessionsPerUser, log, logName);
        this.users = new ManagerUsers(this, context, userEngine);
        saver.onLogin(userEngine::loggedIn);
        if (context != null && sessionStore.indexesUsers()) {
            context.getServletContext().setAttribute(UserSessions.CONTEXT_ATTRIBUTE, users);
        }
        this.stored = new StoredSessions(this, sessions, calls, recordLoader, saver, maxListedSessions, storeErrorLog,
                logName);
        this.distributionFilter = classNameFilter;
        ContextWiring.warnIfExpiryOutlastsStoreGrace(context, getProcessExpiresFrequency(), EXPIRY_BUDGET_MILLIS, log,
                logName);
        ContextWiring.addErrorPageSaveListener(context, this);
        if (context != null && !ContextWiring.hasValve(context, valve)) {
            context.getPipeline().addValve(valve);
        }
        if (context != null) {
            // Last, after the authenticator, which Tomcat adds while configuring the context
            // (before the Manager starts), and again at every start of a reloaded context.
            if (applicationStart != null) {
                context.getPipeline().removeValve(applicationStart);
            }
            applicationStart = new ApplicationStartValve(valve);
            context.getPipeline().addValve(applicationStart);
        }
        log.info(logName + ": sessions stored by " + store.getClass().getSimpleName() + " (" + cfg.describe()
                + ", nearCache=" + (nearCopies != null ? "on" : nearCache ? "off (the store has no change stream)" : "off")
                + ")");
        setState(LifecycleState.STARTING);
    }

    @Override
    protected void stopInternal() throws LifecycleException {
        setState(LifecycleState.STOPPING);
        LocalSessions l = local;
        local = null;
        stored = null;
        NearCache n = near;
        near = null;
        if (n != null) {
            n.stop();
        }
        if (l != null) {
            l.saveAll();
        }
        sessions.clear();
        if (users != null && getContext() != null) {
            getContext().getServletContext().removeAttribute(UserSessions.CONTEXT_ATTRIBUTE);
        }
        users = null;
        ManagerJmx registered = jmx;
        jmx = null;
        if (registered != null) {
            registered.unregister();
        }
        SessionStore running = activeStore;
        activeStore = null;
        if (running != null) {
            running.stop();
        }
        super.stopInternal();
    }

    /** Validates every attribute and freezes them; a bad value throws naming attribute, value and what is allowed. */
    ManagerConfig freezeConfig() {
        return ManagerSettings.validate(this);
    }

    /** The HMAC key as set (never logged, no public getter: JMX must not show it). */
    String hmacKeyValue() {
        return hmacKey;
    }

    /**
     * Nothing to do: sessions are already in the store, written as each request ended (Tomcat
     * calls this to restore sessions saved by {@link #unload()} at shutdown).
     */
    @Override
    public void load() {
        // sessions are read from the store on demand
    }

    /** Nothing to do: every session was written when its request ended; see {@link #stopInternal()}. */
    @Override
    public void unload() {
        // sessions are written as requests end
    }

    // ---- sessions --------------------------------------------------------------------------

    @Override
    protected StandardSession getNewSession() {
        return new VersionedSession(this);
    }

    /** Whether {@code id} has the exact form this context's id generator produces. */
    boolean isWellFormed(String id) {
        return SessionIds.isWellFormed(id, getSessionIdGenerator().getSessionIdLength(), getJvmRoute());
    }

    @Override
    public Session createSession(String sessionId) {
        String id = sessionId;
        if (id != null && !isWellFormed(id)) {
            id = null;
        }
        LocalSessions l = local;
        if (l != null && maxActiveSessions >= 0 && getActiveSessions() >= maxActiveSessions) {
            // maxActiveSessions limits the sessions this node holds; idle copies make room first.
            l.evictIdleCopies(null, maxActiveSessions - 1);
        }
        return super.createSession(id);
    }

    @Override
    public Session findSession(String id) {
        if (id == null) {
            return null;
        }
        if (!acceptsId(id)) {
            return null;
        }
        LocalSessions l = local;
        if (l == null) {
            return sessions.get(id);
        }
        if (!valve.allowsLookup(id)) {
            return null; // a request on this thread that has not used its session yet (see RequestSaves)
        }
        VersionedSession begun = valve.begunCopy(id);
        return begun != null ? begun : l.find(id);
    }

    /**
     * Registers a session unless another object already holds its id: a node keeps one object
     * per session, so that every request on this node sees (and saves) the same one.
     */
    @Override
    public void add(Session session) {
        String id = session.getIdInternal();
        if (sessions.putIfAbsent(id, session) == null) {
            LocalSessions l = local;
            if (l != null) {
                l.evictIdleCopies(session);
            }
            int size = getActiveSessions();
            if (size > maxActive) {
                setMaxActive(Math.max(size, maxActive));
            }
        }
    }

    /**
     * Whether an attribute is stored and so seen by every node, as Tomcat's
     * {@code ManagerBase.willAttributeDistribute} answers it for {@code <distributable/>}
     * applications: its name passes {@code sessionAttributeNameFilter} and its class the allowlist
     * in force ({@code allowedClassNames} with the JDK value types, or
     * {@code sessionAttributeValueClassNameFilter}). Before start, Tomcat's own answer.
     */
    @Override
    public boolean willAttributeDistribute(String name, Object value) {
        ClassNameFilter filter = distributionFilter;
        if (filter == null) {
            return super.willAttributeDistribute(name, value);
        }
        Pattern names = getSessionAttributeNamePattern();
        if (names != null && !names.matcher(name).matches()) {
            logNotDistributed(name, "its name does not match sessionAttributeNameFilter");
            return false;
        }
        if (value != null && !filter.allows(value.getClass())) {
            logNotDistributed(name, "its class " + value.getClass().getName() + " is not allowed (allowedClassNames)");
            return false;
        }
        return true;
    }

    private void logNotDistributed(String name, String why) {
        if (getWarnOnSessionAttributeFilterFailure()) {
            log.warn(logName + ": attribute '" + LogText.safe(name) + "' is not stored: " + why);
        } else if (log.isDebugEnabled()) {
            log.debug(logName + ": attribute '" + LogText.safe(name) + "' is not stored: " + why);
        }
    }

    @Override
    public void remove(Session session, boolean update) {
        String id = session.getIdInternal();
        if (id != null && sessions.get(id) != session) {
            // A newer copy of this session holds the id: only the stale object goes away.
            if (update) {
                expiredSessions.incrementAndGet();
            }
            return;
        }
        super.remove(session, update);
    }

    @Override
    protected void changeSessionId(Session session, String newId, boolean notifySessionListeners,
                                   boolean notifyContainerListeners) {
        if (!isWellFormed(newId)) {
            throw new IllegalArgumentException(logName + ": refusing a malformed new session id");
        }
        VersionedSession s = (VersionedSession) session;
        String oldId = s.getIdInternal();
        LocalSessions l = local;
        boolean moved = false;
        if (l != null && s.storedVersion() > 0) {
            try {
                moved = l.changeIdInStore(s, oldId, newId);
                if (!moved) {
                    s.unsynced();
                }
            } catch (StoreException e) {
                throw new IllegalStateException(logName + ": the session id could not be changed because the"
                        + " store failed: " + e.getMessage(), e);
            }
        }
        super.changeSessionId(session, newId, notifySessionListeners, notifyContainerListeners);
        if (moved) {
            l.rebindAfterIdChange(s); // a signed frame binds its id: sign it again
        }
    }

    /** Called by a {@link VersionedSession} that has just been invalidated or has expired. */
    @Override
    public void expired(VersionedSession session, String id, boolean invalidated) {
        LocalSessions l = local;
        if (l != null) {
            l.expired(session, id, invalidated);
        }
    }

    /**
     * Whether a session this node holds may be ended by an expiry judged from its copy (see
     * {@link VersionedSession#expire()}): asks the store. {@code true} before start.
     */
    @Override
    public boolean idleInStore(VersionedSession session) {
        LocalSessions l = local;
        return l == null || l.idleInStore(session);
    }

    /**
     * JMX {@code expireSession}: ends the session this node holds under {@code sessionId}, judged
     * from this node's copy as it is (not read again first), so the check against the store sees
     * whether another node served the session since: a session used there is not ended. A session
     * this node does not hold is ended as the store holds it (listeners fire here). An id with no
     * stored session is refused with a message saying so.
     *
     * @throws IllegalArgumentException when no session is stored under {@code sessionId}
     */
    @Override
    public void expireSession(String sessionId) {
        Session session = sessionId == null || !isWellFormed(sessionId) ? null : sessions.get(sessionId);
        if (session == null) {
            session = storedSession(sessionId);
        }
        if (session == null) {
            String message = logName + ": expireSession: no session " + (sessionId == null ? "(null id)"
                    : SessionIds.hash(sessionId) + " (hash of the id given)") + " is stored or held by this node";
            log.info(message);
            throw new IllegalArgumentException(message);
        }
        session.expire();
    }

    /**
     * Tomcat's manager webapp's list (and {@code /manager/text/sessions}, {@code list} and
     * {@code expire}): up to {@code maxListedSessions} sessions from the store, each this node's
     * copy when it holds the stored version, otherwise a view of the record that is never this
     * node's copy (see {@link StoredSessions}). Tomcat's background expiry does not call it here.
     */
    @Override
    public Session[] findSessions() {
        StoredSessions s = stored;
        return s == null ? super.findSessions() : s.list();
    }

    /**
     * The live session stored under {@code id} for the JMX operations (one store read): this
     * node's copy when it holds the stored version, else a view of the record; {@code null} when
     * none is stored or the id is malformed. Before start, this node's copy.
     */
    Session storedSession(String id) {
        if (id == null || !isWellFormed(id)) {
            return null;
        }
        StoredSessions s = stored;
        if (s == null) {
            return sessions.get(id);
        }
        try {
            return s.find(id);
        } catch (StoreException e) {
            throw new IllegalStateException(logName + ": the store could not be read: " + e.getMessage(), e);
        }
    }

    /** Logs that a JMX operation found no session under {@code id} (its hash), as Tomcat's Managers log it. */
    void notFound(String id) {
        log.info(logName + ": no session " + (id == null ? "(null id)" : SessionIds.hash(id)) + " is stored");
    }

    /** The stored sessions while the Manager runs, {@code null} before start and after stop. */
    StoredSessions storedSessions() {
        return stored;
    }

    /** Tomcat's background run: this node's expiry (every processExpiresFrequency runs), then the store's housekeeping. */
    @Override
    public void backgroundProcess() {
        super.backgroundProcess();
        SessionStore running = activeStore;
        if (local != null && running != null) {
            try {
                running.backgroundProcess();
            } catch (RuntimeException e) {
                storeErrorLog.warn(logName + ": the store's background work failed", e);
            }
        }
    }

    /**
     * Expires the sessions this node holds, after asking the store: a session used on another
     * node meanwhile is refreshed, not expired; of several nodes holding an expired session, the
     * one whose compare-and-delete succeeds fires the listeners.
     */
    @Override
    public void processExpires() {
        LocalSessions l = local;
        if (l != null) {
            long start = System.nanoTime();
            l.processExpires(TimeUnit.MILLISECONDS.toNanos(EXPIRY_BUDGET_MILLIS));
            processingTime += TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }
    }

    // ---- the request valve's side -------------------------------------------------------------

    /** This node's sessions while the Manager runs, {@code null} before start and after stop. */
    LocalSessions running() {
        return local;
    }

    /** How a request whose change could not be stored is answered. */
    UnsavedResponses unsavedResponses() {
        return unsavedResponses;
    }

    /**
     * Whether {@code id} has the exact form this context's id generator produces; a malformed id
     * is counted, and never reaches the store.
     */
    boolean acceptsId(String id) {
        if (isWellFormed(id)) {
            return true;
        }
        stats.malformedIds.increment();
        return false;
    }

    // ---- statistics (JMX) ------------------------------------------------------------------

    /**
     * This Manager's counters; JMX reads them as the Manager's attributes through
     * {@link SessionStoreManagerMBean}.
     */
    public ManagerStats statistics() {
        return stats;
    }

    /**
     * The application's sessions in the store, every node's, counted at most once a minute
     * (JMX {@code storedSessions}); -1 while stopped or before the first count.
     */
    public long getStoredSessions() {
        ManagerJmx registered = jmx;
        return registered == null ? -1 : registered.storedSessions();
    }

    /** Resets the counters (JMX operation). */
    public void resetStatistics() {
        stats.reset();
    }
}
