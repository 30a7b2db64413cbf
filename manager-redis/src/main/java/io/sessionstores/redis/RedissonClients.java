package io.sessionstores.redis;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.juli.logging.Log;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * One {@link RedissonClient} per distinct configuration, shared by every store (every web
 * application) that names it, and shut down when the last of them releases it. A Redisson client
 * owns thread pools and connection pools; one per context would multiply both.
 */
final class RedissonClients {

    private static final Map<String, Shared> CLIENTS = new HashMap<>();

    private RedissonClients() {
    }

    /** A store's hold on a shared client; {@link #close()} once, at the store's stop. */
    static final class Hold implements AutoCloseable {
        private final String identity;
        private final RedissonClient client;
        private final Log log;
        private final String logName;
        private boolean closed;

        private Hold(String identity, RedissonClient client, Log log, String logName) {
            this.identity = identity;
            this.client = client;
            this.log = log;
            this.logName = logName;
        }

        RedissonClient client() {
            return client;
        }

        @Override
        public void close() {
            synchronized (CLIENTS) {
                if (closed) {
                    return;
                }
                closed = true;
                release(identity, log, logName);
            }
        }
    }

    private static final class Shared {
        final RedissonClient client;
        int users;

        Shared(RedissonClient client) {
            this.client = client;
        }
    }

    /**
     * The client for {@code identity} (the configuration's full text, so equal configurations
     * share), created from {@code config} on first use. The client initializes lazily: creating
     * it needs no Redis, so Tomcat starts while Redis is down.
     *
     * @param description what to log (never contains a secret)
     * @param log         the calling store's logger (per instance: this class serves every context)
     * @param logName     the calling context's name, for log lines
     */
    static Hold acquire(String identity, Supplier<Config> config, String description, Log log, String logName) {
        synchronized (CLIENTS) {
            Shared shared = CLIENTS.get(identity);
            if (shared == null || shared.client.isShutdown()) {
                Config c = config.get();
                c.setLazyInitialization(true);
                // The stores send only bytes: Redisson's live-object references, on by default,
                // would look up each argument's class annotations on every call (3 % of a write's
                // samples in the load benchmark) to find none.
                c.setReferenceEnabled(false);
                shared = new Shared(Redisson.create(c));
                CLIENTS.put(identity, shared);
                log.info(logName + ": created Redisson client for " + description);
            }
            shared.users++;
            return new Hold(identity, shared.client, log, logName);
        }
    }

    /** How many stores currently share the client of {@code identity} (0 when there is none). */
    static int users(String identity) {
        synchronized (CLIENTS) {
            Shared shared = CLIENTS.get(identity);
            return shared == null ? 0 : shared.users;
        }
    }

    private static void release(String identity, Log log, String logName) {
        Shared shared = CLIENTS.get(identity);
        if (shared == null || --shared.users > 0) {
            return;
        }
        CLIENTS.remove(identity);
        try {
            shared.client.shutdown(0, 2, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            log.warn(logName + ": shutting down a Redisson client failed", e);
        }
    }
}
