package io.sessionstores.core.store;

import java.util.function.LongSupplier;

/**
 * What a store learns about the web application it serves when it starts.
 *
 * @param appName     Tomcat's name for the application, {@code /<engine>/<host><context path>}
 *                    (for example {@code /Catalina/localhost/shop}); the partition key of every
 *                    record
 * @param logName     a short name for log lines (engine, host and context)
 * @param classLoader the web application's class loader (for JNDI lookups and resources)
 * @param clock       epoch-millisecond clock; stores use it for "now" so tests can move time
 */
public record StoreContext(String appName, String logName, ClassLoader classLoader, LongSupplier clock) {

    /** Now, in epoch milliseconds, by this context's clock. */
    public long now() {
        return clock.getAsLong();
    }
}
