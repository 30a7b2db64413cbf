package io.sessionstores.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Store;

import io.sessionstores.core.SessionStoreManager;
import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.expiry.ExpiryValve;

/**
 * Builds the Manager, its store and the expiry valve from the {@code session-stores.*}
 * properties, installs them into the embedded Tomcat's context, and starts them.
 *
 * <p>Every property is applied once when the application starts (an unknown name, a value that
 * does not convert, or a setter's refusal stops it there, naming the property). The Manager's and
 * valve's own start-time checks run when the web server starts: {@link #start()} starts them
 * first, from a {@code ServletContextInitializer}, so that a refusal stops the application with
 * the message naming the property (Tomcat, starting them itself, would log it and report only
 * that the context failed). Tomcat's later start of the same Manager finds it started.
 */
public final class SessionStoresInstaller {

    private final SessionStoresSettings settings;
    private final Supplier<DataSource> dataSource;
    private final Supplier<Object> redissonClient;
    private volatile Installed installed;

    private record Installed(Context context, SessionStoreManager manager, ExpiryValve valve) {
    }

    SessionStoresInstaller(SessionStoresSettings settings, Supplier<DataSource> dataSource, Supplier<Object> redissonClient) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.redissonClient = redissonClient;
        build(); // every property checked now, before the web server starts
    }

    private record Built(SessionStoreManager manager, Store store, ExpiryValve valve) {
    }

    private Built build() {
        SessionStoreManager manager = new SessionStoreManager();
        apply(List.of(SessionStoresSettings.managerAttributes()), List.of(manager), settings.manager,
                SessionStoresSettings.MANAGER);
        Store store = newStore();
        apply(settings.storeAttributes(), storeTargets(store), settings.storeAttributes, settings.store.prefix());
        ExpiryValve valve = null;
        if (settings.valveEnabled) {
            valve = new ExpiryValve();
            apply(List.of(SessionStoresSettings.valveAttributes()), List.of(valve), settings.valve,
                    SessionStoresSettings.VALVE);
        }
        if (manager.getPrincipalAttribute() == null && springSecurityPresent()) {
            // Spring Security keeps the login in this attribute, not in Tomcat's session principal
            manager.setPrincipalAttribute(SPRING_SECURITY_CONTEXT);
        }
        manager.setStore(store);
        return new Built(manager, store, valve);
    }

    /** Where Spring Security's {@code HttpSessionSecurityContextRepository} keeps the login. */
    static final String SPRING_SECURITY_CONTEXT = "SPRING_SECURITY_CONTEXT";

    /** Whether the application runs Spring Security (then its logins name the users of the user index). */
    private static boolean springSecurityPresent() {
        try {
            Class.forName("org.springframework.security.core.context.SecurityContext", false,
                    SessionStoresInstaller.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private Store newStore() {
        try {
            return (Store) settings.store.storeClass().getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + settings.store.storeClass().getName(), e);
        }
    }

    /** The objects the store's properties go to: the store, and for cached-JDBC its two parts. */
    private List<Object> storeTargets(Store store) {
        return settings.store == StoreKind.CACHED_JDBC ? CachedJdbcParts.of(store) : List.of(store);
    }

    private static void apply(List<Attributes> attributes, List<Object> targets, Map<String, String> properties,
            String prefix) {
        for (Map.Entry<String, String> e : properties.entrySet()) {
            boolean set = false;
            for (int i = 0; i < attributes.size() && !set; i++) {
                set = attributes.get(i).set(targets.get(i), e.getKey(), e.getValue());
            }
            if (!set) {
                List<String> allowed = new ArrayList<>();
                attributes.forEach(a -> allowed.add(a.allowed()));
                throw new ConfigException(prefix + "." + e.getKey(), "(set)", "a property naming an attribute: "
                        + String.join(", ", allowed));
            }
        }
    }

    /**
     * Installs a new Manager with its store (connected to the application's DataSource or Redis
     * client as the properties say) into {@code context}, and the expiry valve when enabled.
     */
    public void install(Context context) {
        Built built = build();
        connect(built.store());
        context.setManager(built.manager());
        installed = new Installed(context, built.manager(), built.valve());
    }

    private void connect(Store store) {
        switch (settings.store) {
            case JDBC -> JdbcConnections.connect(store, dataSource);
            case REDIS -> RedisConnections.connect(store, settings.redisClient, redissonClient);
            case CACHED_JDBC -> CachedJdbcParts.connect(store, dataSource, settings.redisClient, redissonClient);
            default -> throw new IllegalStateException(settings.store.name());
        }
    }

    /**
     * Starts the installed Manager and the expiry valve (see the class comment); a refused
     * attribute stops the application with a {@link ConfigException} naming the property.
     */
    public void start() {
        Installed i = installed;
        if (i == null) {
            return;
        }
        try {
            i.manager().start();
        } catch (LifecycleException e) {
            throw translate(e, SessionStoresSettings.managerAttributes(), settings.storeAttributes());
        }
        if (i.valve() != null) {
            i.valve().setContainer(i.context());
            try {
                i.valve().start();
            } catch (LifecycleException e) {
                throw translate(e, SessionStoresSettings.valveAttributes(), List.of());
            }
            i.context().getPipeline().addValve(i.valve());
        }
    }

    /** The Manager this installer installed last ({@code null} before), for tests and tools. */
    public SessionStoreManager manager() {
        Installed i = installed;
        return i == null ? null : i.manager();
    }

    private static RuntimeException translate(LifecycleException e, Attributes first, List<Attributes> others) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException refused) {
                String property = first.propertyOf(refused.attribute());
                for (int i = 0; property == null && i < others.size(); i++) {
                    property = others.get(i).propertyOf(refused.attribute());
                }
                if (property != null) {
                    return refused.renamed(property);
                }
                return refused;
            }
        }
        return new IllegalStateException("session-stores: " + e.getMessage(), e);
    }

    /** JDBC store hook, in a class of its own so that a Redis-only application never loads it. */
    private static final class JdbcConnections {
        static void connect(Store store, Supplier<DataSource> dataSource) {
            JdbcConnection.connect((io.sessionstores.jdbc.JdbcSessionStore) store, dataSource);
        }
    }

    /** Redis store hook, in a class of its own so that a JDBC-only application never loads Redisson. */
    private static final class RedisConnections {
        static void connect(Store store, Map<String, String> client, Supplier<Object> redisson) {
            RedisConnection.connect((io.sessionstores.redis.RedisSessionStore) store, client, redisson);
        }
    }

    /** Cached-JDBC: the database takes the DataSource, the cache the Redis connection. */
    private static final class CachedJdbcParts {
        static List<Object> of(Store store) {
            io.sessionstores.redis.CachedJdbcSessionStore cached = (io.sessionstores.redis.CachedJdbcSessionStore) store;
            return List.of(cached, cached.database(), cached.cache());
        }

        static void connect(Store store, Supplier<DataSource> dataSource, Map<String, String> client,
                Supplier<Object> redisson) {
            io.sessionstores.redis.CachedJdbcSessionStore cached = (io.sessionstores.redis.CachedJdbcSessionStore) store;
            JdbcConnection.connect(cached.database(), dataSource);
            RedisConnection.connect(cached.cache(), client, redisson);
        }
    }
}
