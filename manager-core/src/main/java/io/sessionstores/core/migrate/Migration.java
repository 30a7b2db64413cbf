package io.sessionstores.core.migrate;

import java.util.Map;

import org.apache.tomcat.util.IntrospectionUtils;

import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.SessionStoreBase;

/**
 * Builds the store a context runs on from its {@code <Store>} element: the store itself, or, when
 * it names a {@code migrateFrom} store, a {@link MigratingSessionStore} with that store as its
 * fallback.
 */
public final class Migration {

    private Migration() {
    }

    /**
     * {@code store}, or {@code store} with the store it {@link SessionStoreBase#setMigrateFrom
     * migrates from} as its fallback.
     *
     * @throws ConfigException when the class is not a session-stores store or an attribute is unknown
     */
    public static SessionStore wrap(SessionStore store) {
        if (!(store instanceof SessionStoreBase configured)) {
            return store;
        }
        String className = configured.getMigrateFrom();
        if (className == null || className.isBlank()) {
            if (!configured.getMigrateFromAttributes().isEmpty()) {
                String first = configured.getMigrateFromAttributes().keySet().iterator().next();
                throw new ConfigException("migrateFrom." + first, configured.getMigrateFromAttributes().get(first),
                        "only together with migrateFrom (the class name of the store migrated from)");
            }
            return store;
        }
        SessionStoreBase source = instantiate(className.strip(), configured.getClass().getClassLoader());
        for (Map.Entry<String, String> attribute : configured.getMigrateFromAttributes().entrySet()) {
            if (!IntrospectionUtils.setProperty(source, attribute.getKey(), attribute.getValue(), true, null)) {
                throw new ConfigException("migrateFrom." + attribute.getKey(), attribute.getValue(),
                        "an attribute of " + source.getClass().getSimpleName());
            }
        }
        return new MigratingSessionStore(store, source);
    }

    private static SessionStoreBase instantiate(String className, ClassLoader loader) {
        Object created;
        try {
            created = Class.forName(className, true, loader).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ConfigException("migrateFrom", className, "the class name of a session-stores store on"
                    + " Tomcat's class path (" + e + ")");
        }
        if (!(created instanceof SessionStoreBase base)) {
            throw new ConfigException("migrateFrom", className, "a session-stores store (a SessionStoreBase)");
        }
        return base;
    }
}
