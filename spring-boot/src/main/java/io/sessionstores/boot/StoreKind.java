package io.sessionstores.boot;

import io.sessionstores.core.config.ConfigException;

/** The store named by {@code session-stores.store}: which class, which properties, which module. */
enum StoreKind {
    REDIS("redis", "io.sessionstores.redis.RedisSessionStore", "manager-redis"),
    JDBC("jdbc", "io.sessionstores.jdbc.JdbcSessionStore", "manager-jdbc"),
    CACHED_JDBC("cached-jdbc", "io.sessionstores.redis.CachedJdbcSessionStore", "manager-redis and manager-jdbc");

    static final String PROPERTY = SessionStoresSettings.PREFIX + ".store";
    private static final String ALLOWED = "redis, jdbc or cached-jdbc";

    private final String value;
    private final String className;
    private final String modules;

    StoreKind(String value, String className, String modules) {
        this.value = value;
        this.className = className;
        this.modules = modules;
    }

    /** The properties of this store's attributes: {@code session-stores.<value>.*}. */
    String prefix() {
        return SessionStoresSettings.PREFIX + "." + value;
    }

    /** The store's class; refused when its module is not on the class path. */
    Class<?> storeClass() {
        try {
            return Class.forName(className, false, StoreKind.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException(PROPERTY, value, "a store whose module is on the class path: " + value
                    + " needs io.sessionstores:" + modules + " beside the starter");
        }
    }

    static StoreKind parse(String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(PROPERTY, "(not set)", ALLOWED);
        }
        for (StoreKind kind : values()) {
            if (kind.value.equalsIgnoreCase(value.trim())) {
                return kind;
            }
        }
        throw new ConfigException(PROPERTY, value, ALLOWED);
    }
}
