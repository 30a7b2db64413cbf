package io.sessionstores.redis;

import org.apache.juli.logging.Log;
import org.redisson.api.RedissonClient;

import io.sessionstores.core.store.StoreException;

/**
 * The connection of one started {@link RedisSessionStore}: its hold on the shared Redisson client
 * ({@link RedissonClients}), the check of the key layout recorded in Redis (at start when Redis
 * answers, else on first use), and the one way every Redis call is made ({@link #call}): with
 * this library's class loader ({@link OwnClassLoader}), failures turned into
 * {@link StoreException}.
 */
final class RedisConnection {

    /** One Redis call, made with the client once the recorded key layout is known to match. */
    @FunctionalInterface
    interface Call<T> {
        T run(RedissonClient client);
    }

    private final LayoutDescriptor descriptor;
    private final Log log;
    private final String logName;
    private volatile RedissonClients.Hold hold;

    private RedisConnection(LayoutDescriptor descriptor, RedissonClients.Hold hold, Log log, String logName) {
        this.descriptor = descriptor;
        this.hold = hold;
        this.log = log;
        this.logName = logName;
    }

    /** Takes a hold on the client of {@code settings}' configuration; needs no Redis (the client connects lazily). */
    static RedisConnection open(RedisStoreSettings settings, LayoutDescriptor descriptor, Log log, String logName) {
        RedissonClients.Hold hold = OwnClassLoader.run(() -> RedissonClients.acquire(settings.clientIdentity(),
                settings::redissonConfig, settings.describeClient(), log, logName));
        return new RedisConnection(descriptor, hold, log, logName);
    }

    /**
     * Compares the key layout recorded in Redis with this store's and checks the eviction policy,
     * when Redis answers; when it does not, the layout is checked on first use and the policy not
     * at all (an INFO line says so). On a different layout the connection is closed and start
     * refused.
     */
    void checkServer(RedisStoreSettings settings) throws StoreException {
        RedissonClient client = hold.client();
        try {
            OwnClassLoader.run(() -> {
                descriptor.verify(client);
                return null;
            });
        } catch (LayoutDescriptor.LayoutMismatchException e) {
            close();
            throw new StoreException(logName + ": Redis store: " + e.getMessage());
        } catch (RuntimeException e) {
            String refused = RedisErrors.authenticationFailure(e);
            if (refused != null) {
                log.error(logName + ": " + settings.describeClient() + ": " + RedisErrors.authenticationAdvice(refused)
                        + "; every session request fails until it is fixed");
                return;
            }
            log.info(logName + ": key layout not checked at start (" + RedisErrors.safeMessage(e.getMessage())
                    + "); it is checked on first use");
        }
        OwnClassLoader.run(() -> {
            EvictionPolicyCheck.run(client, settings.redissonConfig(), settings.mode(), log, logName);
            return null;
        });
    }

    /** Whether the connection still holds its client (the store has not stopped). */
    boolean isOpen() {
        return hold != null;
    }

    /** Releases the hold on the shared client (shut down with its last hold); once. */
    void close() {
        RedissonClients.Hold held = hold;
        hold = null;
        if (held != null) {
            OwnClassLoader.run(() -> {
                held.close();
                return null;
            });
        }
    }

    /** The shared client; {@code null} once closed (tests inspect Redis through it). */
    RedissonClient redisson() {
        RedissonClients.Hold held = hold;
        return held == null ? null : held.client();
    }

    /** The key recording this application's layout. */
    String layoutKey() {
        return descriptor.key();
    }

    /**
     * Runs one Redis call with {@link OwnClassLoader}, turning failures into StoreException;
     * {@code id} (or {@code null}) is the session the call is about, logged only as its hash.
     */
    <T> T call(String operation, String id, Call<T> body) throws StoreException {
        try {
            return OwnClassLoader.run(() -> body.run(client()));
        } catch (StoreStoppedException e) {
            throw new StoreException("Redis store " + operation + ": the store is not started");
        } catch (RuntimeException e) {
            throw RedisErrors.toStoreException(operation, id, e);
        }
    }

    /** The client, once the recorded key layout is known to match (checked on first use). */
    private RedissonClient client() throws StoreStoppedException {
        RedissonClients.Hold held = hold;
        if (held == null) {
            throw new StoreStoppedException();
        }
        RedissonClient client = held.client();
        descriptor.verify(client);
        return client;
    }

    private static final class StoreStoppedException extends Exception {
        private static final long serialVersionUID = 1L;
    }
}
